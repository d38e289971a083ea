import { describe, expect, it } from "vitest";
import { buildModel } from "../../src/report/model.js";
import { loadSweepResults } from "../../src/report/load-results.js";
import { atChance, chanceCause, findings } from "../../src/report/findings.js";
import { FIXTURE_SCENARIO, writeFixtureSweep } from "./fixture.js";

/** Fixture accuracy from [threshold index][adaptive index] plus 1 point per seed position. */
const grid =
  (table: readonly (readonly number[])[]) =>
  (v: readonly number[], s: number): number =>
    table[v[0]!]![v[1]!]! + 0.01 * s;

const sentencesOf = (table: readonly (readonly number[])[]): readonly string[] =>
  findings(buildModel(loadSweepResults(writeFixtureSweep({ accuracy: grid(table) })))).sentences;

describe("findings: arms at chance (mean below 2/classes = 20 % on MNIST)", () => {
  it("atChance flags a point at 19 % and not one at 21 %", () => {
    const model = buildModel(
      loadSweepResults(
        writeFixtureSweep({
          accuracy: grid([
            [0.18, 0.2],
            [0.5, 0.6],
          ]),
        }),
      ),
    );
    // Means over seeds: 19 %, 21 %, 51 %, 61 %.
    expect(model.points.map(atChance)).toEqual([true, false, false, false]);
  });

  it("the loss between two chance arms is not the headline: it is measured with the mitigation on, and the chance arms are named", () => {
    // θ off: 9–11 % with and without the spread (both at chance); θ on: 80 → 70 %.
    const s = sentencesOf([
      [0.09, 0.8],
      [0.09, 0.7],
    ]);
    expect(s[0]).toBe(
      "The largest accuracy loss is 10.0 percentage points, from 81.0 % ± 1.0 to 71.0 % ± 1.0: it is caused by threshold, " +
        // Welch, sd 1 point on both sides, 3 + 3 seeds: df = 4, half-width 2.7764 · √(2/3).
        `at spread instead of fixed (with adaptive threshold on). 95 % CI +${(10 - 2.7764 * Math.sqrt(2 / 3)).toFixed(1)} to +${(10 + 2.7764 * Math.sqrt(2 / 3)).toFixed(1)} percentage points (Welch t over 3 and 3 seeds).`,
    );
    expect(s[1]).toBe(
      "At chance (mean accuracy below 20.0 %, 2× the chance rate), so not compared with each other: " +
        // Each with its diagnosis from the fixture's label-phase counts: [10, 12, 9, 11] (4 fire, the
        // busiest 12/42 = 29 %) and, at spread/off, [0, 0, 3, 40] (2 fire, 40/43 = 93 %). The
        // fixture has no confusion matrix, so no shared cause is claimed.
        "threshold=fixed · adaptive threshold=off (10.0 %: 4 of 4 neurons fire, the busiest 29 % of spikes); " +
        "threshold=spread · adaptive threshold=off (10.0 %: 2 of 4 neurons fire, the busiest 93 % of spikes).",
    );
    expect(s.join(" ")).not.toMatch(/10\.0 % → 10\.0 %|from 10\.0 %[^,]* to 10\.0 %/);
    expect(s.some((x) => x.includes("no recovery is measured"))).toBe(true);
  });

  it("a mitigation whose off arm is at chance is not ranked as a recovery: the page says the network needs it to learn", () => {
    // θ off: 9–11 % at both thresholds (never learns); θ on: 80 and 81 % (no loss to recover).
    const s = sentencesOf([
      [0.09, 0.8],
      [0.09, 0.81],
    ]);
    expect(s.join(" ")).not.toMatch(/largest effect of a mitigation/);
    expect(
      s.some(
        (x) =>
          x.startsWith(
            "With adaptive threshold off the network does not learn (10.0 %, at chance)",
          ) && x.includes("needs adaptive threshold to learn at all"),
      ),
    ).toBe(true);
  });

  it("a non-ideality that takes a learning arm to chance is still a finding (the flag names the chance arm)", () => {
    const s = sentencesOf([
      [0.8, 0.82],
      [0.1, 0.7],
    ]);
    expect(s[0]).toMatch(
      /^The largest accuracy loss is 70\.0 percentage points, from 81\.0 % ± 1\.0 to 11\.0 % ± 1\.0/,
    );
    expect(s[1]).toContain(
      "threshold=spread · adaptive threshold=off (11.0 %: 2 of 4 neurons fire",
    );
    expect(s[2]).toMatch(/^Setting adaptive threshold to on recovers 60\.0 percentage points/);
  });

  it("every point at chance: one sentence that says no network learned, no comparison", () => {
    const s = sentencesOf([
      [0.1, 0.11],
      [0.09, 0.12],
    ]);
    expect(s).toHaveLength(1);
    expect(s[0]).toMatch(/^Every point is at chance \(mean accuracy below 20\.0 %/);
    expect(s[0]).toContain("no comparison between them is a finding");
  });
});

describe("findings: why a chance arm does not learn, from its own spike counts and confusion matrix", () => {
  /** 10 classes × 11 columns (the last: no prediction), 10 images per class, all given `column`. */
  const oneAnswer = (column: number): number[][] =>
    Array.from({ length: 10 }, () => Array.from({ length: 11 }, (_, j) => (j === column ? 10 : 0)));
  /** Every image predicted as its own class except class 0's, which go to class 1. */
  const spreadAnswers = (): number[][] =>
    Array.from({ length: 10 }, (_, i) =>
      Array.from({ length: 11 }, (_, j) => (j === (i === 0 ? 1 : i) ? 10 : 0)),
    );
  const table = [
    [0.8, 0.1],
    [0.1, 0.1],
  ];
  const model = buildModel(
    loadSweepResults(
      writeFixtureSweep({
        accuracy: grid(table),
        // (fixed, on): one winner; (spread, off): silent; (spread, on): four neurons that split the images.
        labelSpikes: (v) =>
          v[0] === 0 && v[1] === 1
            ? [0, 50, 0, 0]
            : v[0] === 1 && v[1] === 0
              ? [0, 0, 0, 0]
              : [5, 6, 7, 8],
        confusion: (v) =>
          v[0] === 1 && v[1] === 0
            ? oneAnswer(10)
            : v[0] === 0 && v[1] === 1
              ? oneAnswer(3)
              : spreadAnswers(),
      }),
    ),
  );
  const sentence = findings(model).sentences.find((x) => x.startsWith("At chance"))!;

  it("chanceCause counts active neurons, the busiest neuron's share and the share of the most common answer", () => {
    const p = model.points.find((q) => q.valueIndex[0] === 0 && q.valueIndex[1] === 1)!;
    // One neuron of four fires every spike; all 100 test images are predicted as class 3.
    expect(chanceCause(p)).toEqual({
      neurons: 4,
      activeNeurons: 1,
      busiestShare: 1,
      sameAnswerShare: 1,
      noAnswerShare: 0,
      // Right on the 10 class-3 images of 100 answered; the mean of three seeds' 0.1 within ulps.
      answeredAccuracy: expect.closeTo(0.1, 12),
      // Each class has 10 of the 100 answered images.
      answeredMajority: expect.closeTo(0.1, 12),
    });
    const q = model.points.find((x) => x.valueIndex[0] === 1 && x.valueIndex[1] === 1)!;
    // 4 neurons, busiest 8/26; the most common answer (class 1) takes 20 of 100 images.
    const c = chanceCause(q)!;
    expect([c.neurons, c.activeNeurons, c.busiestShare]).toEqual([4, 4, 8 / 26]);
    // The mean of three seeds' 0.2 in floating point: within a few ulps.
    expect(c.sameAnswerShare).toBeCloseTo(0.2, 12);
    // Every image answered, 90 of 100 right (class 0's ten go to class 1).
    expect(c.noAnswerShare).toBe(0);
    expect(c.answeredAccuracy).toBeCloseTo(0.9, 12);
    // The silent point's images all sit in the last column: no answer, and none answered.
    const silent = chanceCause(
      model.points.find((x) => x.valueIndex[0] === 1 && x.valueIndex[1] === 0)!,
    )!;
    expect([
      silent.sameAnswerShare,
      silent.noAnswerShare,
      silent.answeredAccuracy,
      silent.answeredMajority,
    ]).toEqual([0, 1, null, null]);
  });

  it("each chance point carries its diagnosis and one sentence groups them: silent, a few winners that answer alike, or responses that do not separate classes", () => {
    expect(sentence).toContain(
      "threshold=fixed · adaptive threshold=on (11.0 %: 1 of 4 neurons fire, the busiest 100 % of spikes; 100 % of test images get one answer)",
    );
    expect(sentence).toContain(
      "threshold=spread · adaptive threshold=off (11.0 %: none of 4 neurons fires; 100 % of test images get no answer)",
    );
    expect(sentence).toContain(
      "Why they do not learn, run by run from each run's spike counts and confusion matrix: of their 9 runs, " +
        "in 3 no neuron fires in the labelling phase, so no neuron is assigned a class; " +
        "in 3 every test image gets the same answer, with 1 of 4 neurons firing in the labelling phase; " +
        "in 3 neurons fire for different images but their responses do not separate the classes.",
    );
  });

  it("a run that learns on its own inside a point at chance by its mean is counted as such, with its accuracy", () => {
    // (spread, off): seeds at 10 %, 10 % and 35 %: mean 18.3 %, at chance; the third run learns.
    const s = findings(
      buildModel(
        loadSweepResults(
          writeFixtureSweep({
            accuracy: (v, seed) => (v[0] === 1 && v[1] === 0 ? [0.1, 0.1, 0.35][seed]! : 0.8),
            confusion: (v, seed) =>
              v[0] === 1 && v[1] === 0 && seed < 2 ? oneAnswer(3) : spreadAnswers(),
          }),
        ),
      ),
    ).sentences.find((x) => x.startsWith("At chance"))!;
    expect(s).toContain(
      "of their 3 runs, 1 learns on its own (35.0 %), at chance only by its point's mean over seeds; " +
        "in 2 every test image gets the same answer, with 2 of 4 neurons firing in the labelling phase.",
    );
  });

  it("one-answer runs with different numbers of firing neurons give the range and its median", () => {
    // Every point at chance; all runs answer class 3. Firing neurons per run: (fixed, off) 1, 1, 1;
    // (fixed, on) 2, 2, 2; (spread, off) 1, 2, 3; (spread, on) 4, 4, 4: twelve runs, sorted
    // 1 1 1 1 2 2 2 2 3 4 4 4, so the range is 1 to 4 and the median (2 + 2) / 2 = 2.
    const firing = [
      [
        [1, 1, 1],
        [2, 2, 2],
      ],
      [
        [1, 2, 3],
        [4, 4, 4],
      ],
    ];
    const s = findings(
      buildModel(
        loadSweepResults(
          writeFixtureSweep({
            accuracy: grid([
              [0.1, 0.1],
              [0.1, 0.1],
            ]),
            labelSpikes: (v, seed) => {
              const n = firing[v[0]!]![v[1]!]![seed]!;
              return [0, 1, 2, 3].map((j) => (j < n ? 9 : 0));
            },
            confusion: () => oneAnswer(3),
          }),
        ),
      ),
    ).sentences.find((x) => x.startsWith("Every point is at chance"))!;
    expect(s).toContain(
      "of their 12 runs, in 12 every test image gets the same answer, with 1 to 4 of 4 neurons firing in the labelling phase (median 2).",
    );
  });

  /**
   * The "At chance" sentence when only (spread, on) is at chance (10 %; the others learn at 80 %)
   * and its run `seed` has the confusion matrix `confusionOf(seed)`; every other run spreads its
   * answers over the classes.
   */
  const chanceSentenceWithSpreadOn = (confusionOf: (seed: number) => number[][]): string =>
    findings(
      buildModel(
        loadSweepResults(
          writeFixtureSweep({
            accuracy: grid([
              [0.8, 0.8],
              [0.8, 0.1],
            ]),
            confusion: (v, seed) =>
              v[0] === 1 && v[1] === 1 ? confusionOf(seed) : spreadAnswers(),
          }),
        ),
      ),
    ).sentences.find((x) => x.startsWith("At chance"))!;

  it("runs that answer few test images, but those mostly right, are told apart from runs that answer alike: they fall silent at test", () => {
    /** Per class: `answered` images right, the rest of its 10 without an answer. */
    const quietAnswers = (answered: number): number[][] =>
      Array.from({ length: 10 }, (_, i) =>
        Array.from({ length: 11 }, (_, j) => (j === i ? answered : j === 10 ? 10 - answered : 0)),
      );
    // (spread, on): seeds answer 1, 2 and 1 image of 10 per class, all right; four neurons fire.
    const s = chanceSentenceWithSpreadOn((seed) => quietAnswers([1, 2, 1][seed]!));
    // The fixture's label counts [10, 12, 9, 11]: the busiest 12/42 = 29 %. Mean no-answer share
    // (0.9 + 0.8 + 0.9) / 3 = 0.8667 → 87 %; answered images 100 % right.
    expect(s).toContain(
      "threshold=spread · adaptive threshold=on (11.0 %: 4 of 4 neurons fire, the busiest 29 % of spikes; 87 % of test images get no answer (the others 100 % right; naming their most common class: 10 %))",
    );
    // The lowest no-answer share of the three runs is 80 %.
    expect(s).toContain(
      "of their 3 runs, in 3 at least 80 % of test images get no answer (no assigned neuron fires), with 4 of 4 neurons firing in the labelling phase; " +
        // Each class has the same share of the answered images: 10 %.
        "the images they answer are 100 % right, where naming their most common class would be 10 % right: these networks separate the classes but fall silent on most test images.",
    );
    expect(s).not.toContain("same answer");
  });

  it("runs that answer only the images of one class, and name it, are not said to separate the classes", () => {
    // (spread, on): only class 0's images are answered, 8 of 10 (seed 0: 9), all as class 0.
    const zerosOnly = (answered: number): number[][] =>
      Array.from({ length: 10 }, (_, i) =>
        Array.from({ length: 11 }, (_, j) =>
          i === 0 ? (j === 0 ? answered : j === 10 ? 10 - answered : 0) : j === 10 ? 10 : 0,
        ),
      );
    const s = chanceSentenceWithSpreadOn((seed) => zerosOnly(seed === 0 ? 9 : 8));
    // No answer for 91 and 92 of 100 images: at least 91 %. Answered: all class 0, all right.
    expect(s).toContain(
      "in 3 at least 91 % of test images get no answer (no assigned neuron fires), with 4 of 4 neurons firing in the labelling phase; " +
        "the images they answer are 100 % right, where naming their most common class would be 100 % right.",
    );
    expect(s).not.toContain("separate the classes");
  });

  it("without confusion matrices (older results) no shared cause is claimed", () => {
    const s = findings(
      buildModel(loadSweepResults(writeFixtureSweep({ accuracy: grid(table) }))),
    ).sentences.join(" ");
    expect(s).toContain("At chance");
    expect(s).not.toContain("Why they do not learn");
  });
});

describe("findings: a scenario of settings only (no non-ideality or mitigation axis) with arms at chance", () => {
  const settingsOnly = {
    ...FIXTURE_SCENARIO,
    axes: FIXTURE_SCENARIO.axes.map(({ role: _role, ...axis }) => ({ ...axis, role: "setting" })),
  };
  const sentencesFor = (table: readonly (readonly number[])[]): readonly string[] =>
    findings(
      buildModel(
        loadSweepResults(writeFixtureSweep({ scenario: settingsOnly, accuracy: grid(table) })),
      ),
    ).sentences;

  it("the range is over the points that learn, and one sentence counts the learning points per axis value", () => {
    // Means over seeds +1 point: fixed/off 11 %, fixed/on 81 %, spread/off 11 %, spread/on 61 %.
    const s = sentencesFor([
      [0.1, 0.8],
      [0.1, 0.6],
    ]);
    expect(s[0]).toMatch(
      /^The largest accuracy loss between points that learn is 20\.0 percentage points, from 81\.0 % ± 1\.0 \(threshold=fixed · adaptive threshold=on\) to 61\.0 % ± 1\.0 \(threshold=spread · adaptive threshold=on\)/,
    );
    expect(s[0]).toContain("between its best and worst settings that learn");
    expect(s[1]).toBe(
      "Points that learn (mean accuracy at least 20.0 %), 2 of 4: by threshold: fixed 1 of 2, spread 1 of 2; by adaptive threshold: off 0 of 2, on 2 of 2.",
    );
    expect(s[2]).toMatch(/^At chance/);
  });

  it("one learning point is named as the only one, with no range", () => {
    const s = sentencesFor([
      [0.1, 0.8],
      [0.1, 0.1],
    ]);
    expect(s[0]).toBe(
      "Only one point learns: threshold=fixed · adaptive threshold=on, 81.0 % ± 1.0 over 3 seed(s).",
    );
    expect(s[1]).toMatch(/^Points that learn \(mean accuracy at least 20\.0 %\), 1 of 4:/);
  });

  it("when every point learns, the range is over all points and no count sentence is added", () => {
    const s = sentencesFor([
      [0.5, 0.8],
      [0.4, 0.6],
    ]);
    expect(s[0]).toMatch(/^The largest accuracy loss is 40\.0 percentage points/);
    expect(s.join(" ")).not.toContain("Points that learn");
  });
});

describe("findings: runs with numerical warnings", () => {
  it("findings names the points whose runs reported warnings, with how many of their runs; results without the field load as no warnings", () => {
    const table = [
      [0.5, 0.6],
      [0.7, 0.8],
    ];
    const warned = findings(
      buildModel(
        loadSweepResults(
          writeFixtureSweep({
            accuracy: grid(table),
            // Only the first seed of point (1, 1) reports one.
            warnings: (v, s) => (v[0] === 1 && v[1] === 1 && s === 0 ? ["numerics: …"] : []),
          }),
        ),
      ),
    ).sentences;
    const line = warned.find((x) => x.startsWith("Numerical warnings:"));
    expect(line).toMatch(/threshold=spread · adaptive threshold=on \(1 of 3 runs\)/);
    expect(line).not.toMatch(/threshold=fixed/);
    expect(sentencesOf(table).some((x) => x.startsWith("Numerical warnings"))).toBe(false);
  });
});
