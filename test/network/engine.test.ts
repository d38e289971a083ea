import { describe, expect, it } from "vitest";
import type {
  ComponentState,
  Inhibition,
  LearningRule,
  NeuronArray,
  SpikeEncoder,
} from "../../src/core/contracts.js";
import { OP_NAMES, OpLedger, type OpCounts } from "../../src/core/ops.js";
import { createRng } from "../../src/core/rng.js";
import type { SpikeEvents } from "../../src/core/spikes.js";
import { IdealSynapses, idealSynapsesSchema } from "../../src/crossbar/ideal-synapses.js";
import { createEncoder } from "../../src/data/encoders.js";
import { TripletStdp, tripletStdpSchema } from "../../src/learning/triplet-stdp.js";
import { buildNetwork } from "../../src/network/build.js";
import { runConfigSchema } from "../../src/network/config.js";
import { PresentationEngine, type TimingConfig } from "../../src/network/engine.js";
import {
  LateralInhibition,
  lateralInhibitionSchema,
} from "../../src/network/inhibition/lateral.js";
import { DiehlCookNeurons, dcNeuronConfigSchema } from "../../src/neurons/diehl-cook.js";

/** A neuron array whose threshold crossings are scripted by absolute step; logs every call. */
class ScriptedNeurons implements NeuronArray {
  readonly excInput: Float64Array;
  /** Input each step saw (copied, then cleared, so each entry is that step's input alone). */
  readonly inputs = new Map<number, number[]>();
  crossings = new Map<number, number[]>();
  /** Answers of successive settled() calls; true once exhausted. */
  settledAnswers: boolean[] = [];
  constructor(
    readonly size: number,
    private readonly log: string[],
  ) {
    this.excInput = new Float64Array(size);
  }
  step(t: number, hadInput: boolean, fired: Int32Array): number {
    this.log.push(`step ${t}${hadInput ? " input" : ""}`);
    if (this.excInput.some((x) => x !== 0)) this.inputs.set(t, Array.from(this.excInput));
    this.excInput.fill(0);
    const c = this.crossings.get(t) ?? [];
    c.forEach((j, k) => (fired[k] = j));
    return c.length;
  }
  fire(t: number, fired: Int32Array, n: number): void {
    this.log.push(`fire ${t} [${Array.from(fired.subarray(0, n))}]`);
  }
  overshootMv(): number {
    return 0;
  }
  inhibitMv(): void {}
  suppress(): void {}
  rest(t: number, steps: number): void {
    this.log.push(`rest ${t} ${steps}`);
  }
  setLearning(on: boolean): void {
    this.log.push(`learning ${on}`);
  }
  settled(): boolean {
    return this.settledAnswers.shift() ?? true;
  }
  thresholdsMv(): Float64Array {
    return new Float64Array(this.size);
  }
  saveState(): ComponentState {
    return {};
  }
  loadState(): void {}
}

/** Logs afterStep calls; at the steps in `keepOnly` only those neurons' spikes stand. */
class SpyInhibition implements Inhibition {
  keepOnly = new Map<number, number[]>();
  constructor(private readonly log: string[]) {}
  afterStep(t: number, fired: Int32Array, n: number): number {
    this.log.push(`inh ${t} [${Array.from(fired.subarray(0, n))}]`);
    const keep = this.keepOnly.get(t);
    if (!keep) return n;
    keep.forEach((j, k) => (fired[k] = j));
    return keep.length;
  }
  rest(t: number, steps: number): void {
    this.log.push(`inh-rest ${t} ${steps}`);
  }
  saveState(): ComponentState {
    return {};
  }
  loadState(): void {}
}

class SpyRule implements LearningRule {
  constructor(private readonly log: string[]) {}
  beforeSample(): void {
    this.log.push("beforeSample");
  }
  onPre(row: number, t: number): void {
    this.log.push(`pre ${row}@${t}`);
  }
  onPost(col: number, t: number): void {
    this.log.push(`post ${col}@${t}`);
  }
  saveState(): ComponentState {
    return {};
  }
  loadState(): void {}
}

/** Emits scripted (step, row) events per attempt; records the attempts it was asked for. */
class ScriptedEncoder implements SpikeEncoder {
  readonly kind = "scripted";
  readonly attempts: number[] = [];
  constructor(private readonly events: (attempt: number) => [step: number, row: number][]) {}
  encode(_image: Uint8Array, attempt: number, steps: number, out: SpikeEvents): void {
    this.attempts.push(attempt);
    out.begin(steps);
    for (const [step, row] of this.events(attempt)) out.add(step, row);
    out.finish();
  }
}

function timing(over: Partial<TimingConfig>): TimingConfig {
  return {
    dtMs: 0.5,
    presentationMs: 5,
    restMs: 10,
    minSpikes: 0,
    maxPresentations: 1,
    ...over,
  };
}

function knownSynapses(ledger: OpLedger): IdealSynapses {
  const s = new IdealSynapses(
    idealSynapsesSchema.parse({ kind: "ideal" }),
    3,
    2,
    createRng(1),
    ledger,
  );
  // Binary fractions: sums are exact.
  s.weights.set([0.5, 0.25, 0.125, 1, 0.75, 0.0625]);
  return s;
}

function zeroCounts(): OpCounts {
  return Object.fromEntries(OP_NAMES.map((n) => [n, 0])) as OpCounts;
}

describe("PresentationEngine", () => {
  it("PresentationEngine.present: step order input reads → onPre → step → inhibition → fire → onPost; rest stepped until settled, then closed form", () => {
    const log: string[] = [];
    const ledger = new OpLedger();
    const synapses = knownSynapses(ledger);
    const neurons = new ScriptedNeurons(2, log);
    const inhibition = new SpyInhibition(log);
    const rule = new SpyRule(log);
    const engine = new PresentationEngine(
      synapses,
      neurons,
      inhibition,
      rule,
      timing({ presentationMs: 5, restMs: 10 }), // 10 + 20 steps
      ledger,
    );
    neurons.crossings = new Map([
      [3, [1]],
      [6, [0, 1]],
      [11, [0]], // during the rest period
    ]);
    inhibition.keepOnly.set(6, [1]); // inhibition vetoes neuron 0 at step 6
    neurons.settledAnswers = [false, true]; // one chunk of 8 rest steps, then closed form
    const encoder = new ScriptedEncoder(() => [
      [2, 1],
      [0, 0],
      [9, 2],
      [2, 0],
    ]);
    const out = engine.present(new Uint8Array(3), encoder);

    const expected: string[] = ["beforeSample"];
    const pre: Record<number, number[]> = { 0: [0], 2: [1, 0], 9: [2] };
    const fires: Record<number, [crossed: number[], stand: number[]]> = {
      3: [[1], [1]],
      6: [[0, 1], [1]],
      11: [[0], [0]],
    };
    for (let t = 0; t < 18; t++) {
      for (const row of pre[t] ?? []) expected.push(`pre ${row}@${t}`);
      expected.push(`step ${t}${pre[t] ? " input" : ""}`);
      const f = fires[t];
      expected.push(`inh ${t} [${f ? f[0] : ""}]`);
      if (f) {
        expected.push(`fire ${t} [${f[1]}]`);
        for (const j of f[1]) expected.push(`post ${j}@${t}`);
      }
    }
    expected.push("rest 18 12", "inh-rest 18 12");
    expect(log).toEqual(expected);

    // Step t's input is the sum of the weight rows of its events, read before the step.
    expect(Object.fromEntries(neurons.inputs)).toEqual({
      0: [0.5, 0.25],
      2: [0.125 + 0.5, 1 + 0.25],
      9: [0.75, 0.0625],
    });
    // Rest-period spikes learn (post 0@11 above) but are not counted for the readout.
    expect(Array.from(out.counts)).toEqual([0, 2]);
    expect(out.totalSpikes).toBe(2);
    expect(out.presentations).toBe(1);
    expect(engine.t).toBe(30);
    expect(ledger.toRecord()).toEqual({
      ...zeroCounts(),
      inputSpikes: 4,
      rowActivations: 4,
      synapticEvents: 8,
      neuronAdds: 8,
      outputSpikes: 3,
      presentations: 1,
      samples: 1,
    });

    // Learning off: no normalisation, no STDP calls; time continues from step 30.
    log.length = 0;
    engine.setLearning(false);
    neurons.crossings = new Map([[33, [0]]]);
    const out2 = engine.present(new Uint8Array(3), encoder);
    expect(log[0]).toBe("learning false");
    expect(log[1]).toBe("step 30 input");
    expect(log.filter((l) => /^(pre|post|beforeSample)/.test(l))).toEqual([]);
    expect(log).toContain("fire 33 [0]");
    expect(Array.from(out2.counts)).toEqual([1, 0]);
    expect(engine.t).toBe(60);
  });

  it("PresentationEngine.present: fewer than minSpikes → rest and present again with attempt + 1; the next image starts at attempt 0", () => {
    const log: string[] = [];
    const ledger = new OpLedger();
    const neurons = new ScriptedNeurons(2, log);
    const engine = new PresentationEngine(
      knownSynapses(ledger),
      neurons,
      new SpyInhibition(log),
      new SpyRule(log),
      timing({ presentationMs: 5, restMs: 10, minSpikes: 2, maxPresentations: 5 }),
      ledger,
    );
    // Presentation k covers steps 30k .. 30k + 9: 1 spike in the first, 2 in the second.
    neurons.crossings = new Map([
      [4, [0]],
      [31, [1]],
      [35, [0, 1]],
      [64, [0, 1]],
    ]);
    const encoder = new ScriptedEncoder(() => []);
    const first = engine.present(new Uint8Array(3), encoder);
    expect(first.presentations).toBe(2);
    expect(first.totalSpikes).toBe(3);
    // Counts are those of the last presentation only.
    expect(Array.from(first.counts)).toEqual([1, 2]);
    expect(log.filter((l) => l === "beforeSample")).toHaveLength(2);
    expect(log.filter((l) => l.startsWith("rest "))).toEqual(["rest 10 20", "rest 40 20"]);
    const second = engine.present(new Uint8Array(3), encoder);
    expect(second.presentations).toBe(1);
    expect(encoder.attempts).toEqual([0, 1, 0]);
    expect(ledger.toRecord()).toMatchObject({ presentations: 3, samples: 2 });
  });

  it("PresentationEngine.present: a blank image (no input spikes) is presented maxPresentations times with rising intensity, then given up", () => {
    const config = runConfigSchema.parse({
      neurons: 5,
      train: 1,
      timing: { presentationMs: 20, restMs: 10, maxPresentations: 3 },
    });
    const ledger = new OpLedger();
    const net = buildNetwork(config, 784, createRng(1), ledger);
    const poisson = createEncoder(config.encoder, 0.5, createRng(1).fork("encoder"));
    const attempts: number[] = [];
    const eventsSeen: number[] = [];
    const recording: SpikeEncoder = {
      kind: "recording",
      encode(image, attempt, steps, out) {
        attempts.push(attempt);
        poisson.encode(image, attempt, steps, out);
        eventsSeen.push(out.count);
      },
    };
    const out = net.engine.present(new Uint8Array(784), recording);
    expect(out.presentations).toBe(3);
    expect(out.totalSpikes).toBe(0);
    expect(attempts).toEqual([0, 1, 2]);
    expect(eventsSeen).toEqual([0, 0, 0]);
    expect(ledger.toRecord()).toMatchObject({
      presentations: 3,
      samples: 1,
      inputSpikes: 0,
      outputSpikes: 0,
    });
    // 3 × (40 + 20) steps of time passed.
    expect(net.engine.t).toBe(180);
  });

  it("PresentationEngine: op ledger on a hand-countable case: 3 input events into 4 neurons → 3 row activations, 12 synaptic events", () => {
    const ledger = new OpLedger();
    const rows = 3;
    const n = 4;
    const synapses = new IdealSynapses(
      idealSynapsesSchema.parse({ kind: "ideal" }),
      rows,
      n,
      createRng(1),
      ledger,
    );
    synapses.weights.fill(0.01); // far too weak to make anyone fire
    const neurons = new DiehlCookNeurons(
      dcNeuronConfigSchema.parse({ model: "dc" }),
      n,
      0.5,
      ledger,
    );
    const inhibition = new LateralInhibition(
      lateralInhibitionSchema.parse({ mode: "lateral" }),
      neurons,
      ledger,
    );
    const rule = new TripletStdp(
      tripletStdpSchema.parse({ rule: "triplet", normalisationSum: 0 }),
      synapses,
      0.5,
    );
    const engine = new PresentationEngine(
      synapses,
      neurons,
      inhibition,
      rule,
      timing({ presentationMs: 50, restMs: 25 }), // 100 + 50 steps
      ledger,
    );
    const encoder = new ScriptedEncoder(() => [
      [0, 0],
      [5, 1],
      [5, 2],
    ]);
    const out = engine.present(new Uint8Array(rows), encoder);
    expect(out.totalSpikes).toBe(0);
    expect(ledger.toRecord()).toEqual({
      ...zeroCounts(),
      inputSpikes: 3,
      rowActivations: 3,
      synapticEvents: 3 * n,
      neuronAdds: 3 * n,
      // 100 clock-driven steps × 4 neurons, then (settled at once) one closed-form rest per neuron.
      leakUpdates: 100 * n + n,
      compares: 100 * n,
      presentations: 1,
      samples: 1,
    });
    expect(engine.t).toBe(150);
  });
});
