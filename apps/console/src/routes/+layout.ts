// A static single-page app: no server rendering, no prerendering. The API serves the fallback page
// for every path, and the client router takes it from there.
export const ssr = false;
export const prerender = false;
