{
  "extends": "__TSCONFIG_BASE__",
  "compilerOptions": { "outDir": "dist", "rootDir": ".", "types": ["node"] },
  "include": ["src", "test"]
}
