/**
 * Device interop: presets to and from IBM aihwkit device configurations
 * ({@link toAihwkit}, {@link fromAihwkit}) and NeuroSim's cell parameter set
 * ({@link toNeuroSimCell}, {@link fromNeuroSimCell}). Subpath export `neuroxbar/devices/interop`.
 */
export * from "./aihwkit.js";
export * from "./neurosim.js";
