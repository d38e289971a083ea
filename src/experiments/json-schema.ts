/**
 * JSON Schema of scenario files, for editor completion and checking (`neuroxbar scenario schema`).
 * base and quick.base get the run configuration's own schema (every field optional there, since
 * axes may set the rest): an SNN run (`kind` absent or "snn") or an ANN run (`kind` "ann",
 * required there), and axis paths are offered from both configurations' field paths and "".
 */
import { z } from "zod";
import { runConfigSchema } from "../network/config.js";
import { ROOT_PATH } from "./config-path.js";
import { annRunConfigSchema } from "./run-config.js";
import { scenarioSchema } from "./scenario-schema.js";
import { unwrapPreprocess } from "./schema-hints.js";

type JsonSchema = Record<string, unknown>;

function isObject(v: unknown): v is JsonSchema {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** A copy with every `required` list removed and no `default` (a scenario sets what it wants). */
function deepPartial(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(deepPartial);
  if (!isObject(schema)) return schema;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === "required" || k === "default" || k === "$schema") continue;
    out[k] = deepPartial(v);
  }
  return out;
}

/** Every field path of the configuration schema ("neuron", "neuron.thresholdMv", …). */
function fieldPaths(schema: unknown, prefix: string, out: Set<string>): void {
  if (!isObject(schema)) return;
  for (const key of ["anyOf", "oneOf", "allOf"]) {
    const list = schema[key];
    if (Array.isArray(list)) for (const s of list) fieldPaths(s, prefix, out);
  }
  const props = schema.properties;
  if (isObject(props)) {
    for (const [name, sub] of Object.entries(props)) {
      const path = prefix ? `${prefix}.${name}` : name;
      if (path === "seed") continue;
      out.add(path);
      fieldPaths(sub, path, out);
    }
  }
}

/** A run schema as JSON Schema with every field optional, its $defs and its field paths. */
function partialRunSchema(runSchema: z.ZodType, paths: Set<string>) {
  const run = z.toJSONSchema(unwrapPreprocess(runSchema), {
    io: "input",
    unrepresentable: "any",
  }) as JsonSchema;
  const partial = deepPartial(run) as JsonSchema;
  const defs = isObject(partial.$defs) ? partial.$defs : {};
  delete partial.$defs;
  const props = partial.properties;
  if (isObject(props)) delete props.seed;
  fieldPaths(run, "", paths);
  return { partial, defs };
}

/**
 * JSON Schema of a scenario file (for editors and `scenario.schema.json`), with run configurations
 * described by `runSchema` as input types; by default an SNN run (runConfigSchema, `kind` absent
 * or "snn") or an ANN run (annRunConfigSchema, `kind` "ann").
 */
export function scenarioJsonSchema(runSchema?: z.ZodType): JsonSchema {
  const paths = new Set<string>();
  let runConfig: JsonSchema;
  let runDefs: JsonSchema;
  if (runSchema) {
    const { partial, defs } = partialRunSchema(runSchema, paths);
    runConfig = { ...partial, title: "run configuration (any subset)" };
    runDefs = defs;
  } else {
    const snn = partialRunSchema(runConfigSchema, paths);
    const ann = partialRunSchema(annRunConfigSchema, paths);
    const snnProps = snn.partial.properties as JsonSchema;
    snn.partial.properties = {
      kind: {
        type: "string",
        const: "snn",
        description: 'run kind — "snn" (the default): the spiking network of src/network',
      },
      ...snnProps,
    };
    paths.add(ROOT_PATH);
    runConfig = {
      title: 'run configuration (any subset): an SNN run, or an ANN run with kind "ann"',
      anyOf: [
        { ...snn.partial, title: "SNN run" },
        { ...ann.partial, required: ["kind"], title: "ANN baseline run" },
      ],
    };
    runDefs = { ...snn.defs, ...ann.defs };
  }

  const doc = z.toJSONSchema(scenarioSchema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  const top = doc.properties as Record<string, JsonSchema>;
  top.base = { $ref: "#/$defs/RunConfig", description: top.base?.description };
  const quick = top.quick as JsonSchema;
  const quickProps = quick.properties as Record<string, JsonSchema>;
  quickProps.base = { $ref: "#/$defs/RunConfig", description: quickProps.base?.description };
  const axis = (top.axes as JsonSchema).items as JsonSchema;
  const axisProps = axis.properties as Record<string, JsonSchema>;
  const pathChoice = (description: unknown): JsonSchema => ({
    description,
    anyOf: [{ enum: [...paths].sort() }, { type: "string", minLength: 1 }],
  });
  axisProps.path = pathChoice(axisProps.path?.description);
  const linked = (axisProps.with as JsonSchema | undefined)?.items as JsonSchema | undefined;
  const linkedProps = linked?.properties as Record<string, JsonSchema> | undefined;
  if (linkedProps) linkedProps.path = pathChoice(linkedProps.path?.description);
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://neuroxbar.dev/schemas/scenario.schema.json",
    title: "NeuroXbar scenario",
    ...doc,
    $defs: {
      ...(isObject(doc.$defs) ? doc.$defs : {}),
      ...runDefs,
      RunConfig: runConfig,
    },
  };
}
