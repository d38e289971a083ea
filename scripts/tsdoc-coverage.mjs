#!/usr/bin/env node
// TSDoc coverage of the public API: for each entry point in package.json `exports`, the exported
// symbols with and without a doc comment. `node scripts/tsdoc-coverage.mjs [--list]`.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const entries = Object.entries(pkg.exports)
  .filter(([, t]) => typeof t === "object")
  .map(([key, t]) => [
    key,
    join(root, t.default.replace(/^\.\/dist\//, "src/").replace(/\.js$/, ".ts")),
  ]);
const program = ts.createProgram(
  entries.map(([, f]) => f),
  {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    skipLibCheck: true,
  },
);
const checker = program.getTypeChecker();
const all = new Map();
for (const [key, file] of entries) {
  const mod = checker.getSymbolAtLocation(program.getSourceFile(file));
  const missing = [];
  let total = 0;
  for (const s of checker.getExportsOfModule(mod)) {
    const real = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
    const documented = real.getDocumentationComment(checker).length > 0;
    total++;
    if (!documented) missing.push(s.name);
    all.set(real, documented);
  }
  console.log(`${key.padEnd(20)} ${total - missing.length}/${total} documented`);
  if (process.argv.includes("--list") && missing.length)
    console.log(`  missing: ${missing.join(", ")}`);
}
const documented = [...all.values()].filter(Boolean).length;
console.log(`all entry points: ${documented}/${all.size} distinct exported symbols documented`);
