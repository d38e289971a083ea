/**
 * Neuron models: the Diehl & Cook conductance neuron ({@link DiehlCookNeurons}), the event-driven
 * fixed-point adder/comparator array ({@link AdderComparatorNeurons}, built by
 * {@link createHwNeurons}), its fixed-point arithmetic, per-neuron threshold variation, and the
 * current-based BindsNET neurons if, lif and srm0 ({@link CurrentBasedNeurons}).
 * Subpath export `neuroxbar/neurons`; everything here is also exported from the package root.
 */
export * from "./diehl-cook.js";
export * from "./adder-comparator.js";
export * from "./adder-comparator-fixed.js";
export * from "./threshold-variation.js";
export * from "./current-based.js";
export * from "./if.js";
export * from "./lif.js";
export * from "./srm0.js";
