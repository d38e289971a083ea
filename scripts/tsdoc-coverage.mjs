#!/usr/bin/env node
// TSDoc coverage of the public API: for each entry point in package.json `exports`, the exported
// symbols with and without a doc comment. `node scripts/tsdoc-coverage.mjs [--list] [--check [--min=F]]`.
//
// --check exits 1 when the share of distinct exported symbols with TSDoc is below MIN_COVERAGE (or
// --min=F), listing the undocumented ones: coverage can rise but never fall. Raise MIN_COVERAGE when
// more symbols are documented. Symbols declared only under CHECK_EXCLUDED (folders still being
// written) are left out of the check's count, and reported apart.
import { readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/** 484 of 541 documented when the check was added (the rest: neurons, learning, energy, Crossbar, DeviceArray, IdealSynapses). */
const MIN_COVERAGE = 1;
const CHECK_EXCLUDED = ["src/design/", "src/report/design/"];

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
    const files = (real.declarations ?? []).map((d) =>
      relative(root, d.getSourceFile().fileName).split(sep).join("/"),
    );
    const excluded =
      files.length > 0 && files.every((f) => CHECK_EXCLUDED.some((dir) => f.startsWith(dir)));
    all.set(real, { name: s.name, documented, excluded });
  }
  console.log(`${key.padEnd(20)} ${total - missing.length}/${total} documented`);
  if (process.argv.includes("--list") && missing.length)
    console.log(`  missing: ${missing.join(", ")}`);
}
const documented = [...all.values()].filter((e) => e.documented).length;
console.log(`all entry points: ${documented}/${all.size} distinct exported symbols documented`);

if (process.argv.includes("--check")) {
  const minArg = process.argv.find((a) => a.startsWith("--min="));
  const min = minArg ? Number(minArg.slice("--min=".length)) : MIN_COVERAGE;
  if (!(min >= 0 && min <= 1)) {
    console.error(`--min: expected a fraction in [0, 1], got ${minArg}`);
    process.exit(2);
  }
  const counted = [...all.values()].filter((e) => !e.excluded);
  const skipped = all.size - counted.length;
  const ok = counted.filter((e) => e.documented).length;
  const coverage = counted.length === 0 ? 1 : ok / counted.length;
  const line = `check: ${ok}/${counted.length} = ${coverage.toFixed(4)} documented (threshold ${min})${skipped ? `; ${skipped} symbols under ${CHECK_EXCLUDED.join(", ")} not counted` : ""}`;
  if (coverage < min) {
    const missing = counted.filter((e) => !e.documented).map((e) => e.name);
    console.error(`${line}: below the threshold. Undocumented: ${missing.join(", ")}`);
    process.exit(1);
  }
  console.log(line);
}
