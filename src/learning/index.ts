/**
 * Learning rules: triplet STDP with weight dependence ({@link TripletStdp}, Diehl & Cook 2015) and
 * the fixed-pulse rule that programs devices by whole pulses ({@link PulseStdp}).
 * Subpath export `neuroxbar/learning`; everything here is also exported from the package root.
 */
export * from "./triplet-stdp.js";
export * from "./pulse-stdp.js";
