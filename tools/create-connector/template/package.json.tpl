{
  "name": "@outport/connector-__ID__",
  "version": "0.0.0",
  "description": "Outport connector: __TITLE__.",
  "license": "Apache-2.0",
  "type": "module",
  "outport": { "connector": true },
  "exports": {
    ".": { "types": "./dist/index.d.ts", "import": "./dist/index.js" },
    "./sandbox": { "types": "./dist/sandbox/index.d.ts", "import": "./dist/sandbox/index.js" },
    "./manifest.json": "./manifest.json"
  },
  "files": ["dist", "manifest.json", "CHANGELOG.md"],
  "scripts": {
    "build": "tsc -p tsconfig.build.json && outport-connector manifest",
    "typecheck": "tsc --noEmit",
    "lint": "eslint src test",
    "test": "vitest run"
  },
  "peerDependencies": { "@outport/connector-sdk": "^__SDK_VERSION__" },
  "devDependencies": { "@outport/connector-sdk": "*" }
}
