/**
 * Neuron models: the Diehl & Cook conductance neuron ({@link DiehlCookNeurons}), the event-driven
 * fixed-point adder/comparator array ({@link AdderComparatorNeurons}, built by
 * {@link createHwNeurons}), its fixed-point arithmetic, and per-neuron threshold variation.
 * Subpath export `neuroxbar/neurons`; everything here is also exported from the package root.
 */
export * from "./diehl-cook.js";
export * from "./adder-comparator.js";
export * from "./adder-comparator-fixed.js";
export * from "./threshold-variation.js";
