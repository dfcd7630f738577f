export { canonicalIp, classifyAddress, embeddedIPv4, type AddressKind } from './address-class.js';
export {
  OUTBOUND_REFUSED,
  OutboundAddressError,
  allowOutboundTarget,
  configureOutboundPolicy,
  findOutboundRefusal,
  isOutboundAddressError,
  outboundPolicy,
  outboundRefusal,
  overrideOutboundPolicy,
  parseOutboundTarget,
  resetOutboundPolicy,
  type OutboundPolicy,
  type OutboundPolicySettings,
  type OutboundTarget,
} from './policy.js';
export { guardedLookup, literalHostRefusal, watchPeer, type Resolver } from './guard.js';
export {
  GuardedHttpAgent,
  GuardedHttpsAgent,
  closeIdleOutboundSockets,
  createOutboundHttpAgent,
  createOutboundHttpsAgent,
  destroyOutboundAgents,
  outboundAgent,
} from './agents.js';
export { connectGuardedSocket, type GuardedSocketOptions } from './socket.js';
export { createOutboundDispatcher, guardedFetch, retireGuardedFetchConnections } from './fetch.js';
