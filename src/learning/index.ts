/**
 * Learning rules: triplet STDP with hard bounds ({@link TripletStdp}, Diehl & Cook 2015 code) and
 * the fixed-pulse rule that programs devices by whole pulses ({@link PulseStdp}), BindsNET's pair
 * rules ({@link PairStdp}, {@link WeightDependentStdp}, {@link Hebbian}) and Diehl & Cook 2015's
 * power-law rule ({@link PowerLawStdp}).
 * Subpath export `neuroxbar/learning`; everything here is also exported from the package root.
 */
export * from "./triplet-stdp.js";
export * from "./pulse-stdp.js";
export * from "./post-pre.js";
export * from "./pair-stdp.js";
export * from "./weight-dependent-stdp.js";
export * from "./hebbian.js";
export * from "./power-law-stdp.js";
