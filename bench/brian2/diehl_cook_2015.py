#!/usr/bin/env python3
"""Independent Brian2 implementation of the Diehl & Cook 2015 reference network, used to cross-check
NeuroXbar's `dc` neuron + inhibitory-population pipeline (issue #2, docs/results.md).

Written from the parameter table in docs/models/diehl-cook.md (the authors' shipped values), with
the same protocol as `neuroxbar train`: train with STDP on images 0..train-1 in order, assign labels
on images 0..label-1 (STDP off, theta frozen), test on the test set. Forward Euler at dt = 0.5 ms.
Two readout details differ and were checked not to matter: there is no cap on re-presentations
(NeuroXbar stops at 10; its 100-neuron runs hit the cap for at most 2 of 20,000 training images and
1 of 10,000 test images), and an image that no assigned neuron answers is predicted as class 0
(NeuroXbar counts it wrong; none occurred in those runs).

Usage: python3 diehl_cook_2015.py --data-dir DIR --neurons 100 --train 60000 --label 10000
       --test 10000 --seed 1 --out result.json   (needs Debian's python3-brian)
"""
import argparse
import json
import os
import struct
import sys
import time

import numpy as np
from brian2 import (NeuronGroup, PoissonGroup, Synapses, SpikeMonitor, Network, ms, mV, Hz,
                    defaultclock, network_operation, prefs, seed as brian_seed)


# Shipped learning rates (pre-synaptic depression, post-synaptic potentiation); phase() sets them.
ETA_DEP = 0.0001
ETA_POT = 0.01


def read_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--neurons", type=int, default=100)
    ap.add_argument("--train", type=int, default=60000)
    ap.add_argument("--label", type=int, default=10000)
    ap.add_argument("--test", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--min-inter-spike-ms", type=float, default=50.0)
    ap.add_argument("--target", default="cython")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    prefs.codegen.target = args.target
    brian_seed(args.seed)
    np.random.seed(args.seed)
    defaultclock.dt = 0.5 * ms

    d = args.data_dir
    train_x = read_idx(f"{d}/train-images-idx3-ubyte").reshape(-1, 784).astype(float)
    train_y = read_idx(f"{d}/train-labels-idx1-ubyte").astype(int)
    test_x = read_idx(f"{d}/t10k-images-idx3-ubyte").reshape(-1, 784).astype(float)
    test_y = read_idx(f"{d}/t10k-labels-idx1-ubyte").astype(int)

    n = args.neurons
    # Excitatory: tau_m dv/dt = (E_rest - v) + ge (E_exc - v) + gi (E_inh - v); fire when
    # v > v_thresh + theta - offset and the shipped 50 ms timer gate has passed.
    exc_eqs = """
    dv/dt = ((-65*mV - v) + ge*(0*mV - v) + gi*(-100*mV - v)) / (100*ms) : volt (unless refractory)
    dge/dt = -ge / (1*ms) : 1
    dgi/dt = -gi / (2*ms) : 1
    dtheta/dt = -learn * theta / (1e7*ms) : volt
    learn : 1 (shared)
    lastfire : second
    """
    exc = NeuronGroup(n, exc_eqs,
                      threshold="v > -52*mV + theta - 20*mV and t - lastfire > min_gap",
                      reset="v = -65*mV; theta += learn * 0.05*mV; lastfire = t",
                      refractory=5 * ms, method="euler",
                      namespace={"min_gap": args.min_inter_spike_ms * ms})
    exc.v = -105 * mV
    exc.theta = 20 * mV
    exc.lastfire = -1e9 * ms
    exc.learn = 1

    inh_eqs = """
    dv/dt = ((-60*mV - v) + ge*(0*mV - v) + gi*(-85*mV - v)) / (10*ms) : volt (unless refractory)
    dge/dt = -ge / (1*ms) : 1
    dgi/dt = -gi / (2*ms) : 1
    """
    inh = NeuronGroup(n, inh_eqs, threshold="v > -40*mV", reset="v = -45*mV",
                      refractory=2 * ms, method="euler")
    inh.v = -100 * mV

    inp = PoissonGroup(784, rates=np.zeros(784) * Hz)

    # Triplet STDP as shipped: pre trace (20 ms), post1 (20 ms), post2 (40 ms), event-driven.
    stdp = Synapses(inp, exc, """
    w : 1
    eta_dep : 1 (shared)
    eta_pot : 1 (shared)
    dpre/dt = -pre / (20*ms) : 1 (event-driven)
    dpost1/dt = -post1 / (20*ms) : 1 (event-driven)
    dpost2/dt = -post2 / (40*ms) : 1 (event-driven)
    """, on_pre="""
    ge_post += w
    pre = 1.
    w = clip(w - eta_dep * post1, 0, 1)
    """, on_post="""
    w = clip(w + eta_pot * pre * post2, 0, 1)
    post1 = 1.
    post2 = 1.
    """, method="euler")
    ii, jj = np.meshgrid(np.arange(784), np.arange(n), indexing="ij")
    stdp.connect(i=ii.ravel(), j=jj.ravel())
    stdp.w = (np.random.random(784 * n) + 0.01) * 0.3

    e2i = Synapses(exc, inh, on_pre="ge_post += 10.4")
    e2i.connect(j="i")
    i2e = Synapses(inh, exc, on_pre="gi_post += 17.0")
    i2e.connect(condition="i != j")

    mon = SpikeMonitor(exc, record=False)
    net = Network(exc, inh, inp, stdp, e2i, i2e, mon)

    # One net.run per phase: a 50 ms network operation drives presentation (7 ticks) and rest
    # (3 ticks), so Brian's per-run set-up cost is paid once, not twice per image.
    state = {}
    presentations = {}

    @network_operation(dt=50 * ms)
    def drive():
        s = state
        if s["done"]:
            return
        tick = s["tick"]
        if tick == 0:
            if s["learning"]:
                weights = np.asarray(stdp.w[:]).reshape(784, n)
                weights *= 78.0 / weights.sum(axis=0)
                stdp.w[:] = weights.ravel()
            s["before"] = np.array(mon.count[:])
            inp.rates = s["images"][s["k"]] / 8.0 * s["intensity"] * Hz
        elif tick == 7:
            s["counts"] = np.array(mon.count[:]) - s["before"]
            inp.rates = 0 * Hz
        s["tick"] = tick + 1
        if s["tick"] == 10:
            s["tick"] = 0
            if s["counts"].sum() >= 5:
                s["out"][s["k"]] = s["counts"]
                s["k"] += 1
                s["intensity"] = 2
                if s["k"] % 1000 == 0:
                    rate = s["k"] / (time.time() - s["t0"])
                    print(f"{s['label']} {s['k']}/{len(s['images'])} {rate:.1f}/s",
                          file=sys.stderr, flush=True)
                if s["k"] == len(s["images"]):
                    s["done"] = True
                    net.stop()
            else:
                s["intensity"] += 1
                s["repeats"] += 1

    net.add(drive)

    def phase(images, learning, label):
        exc.learn = 1 if learning else 0
        stdp.eta_dep = ETA_DEP if learning else 0.0
        stdp.eta_pot = ETA_POT if learning else 0.0
        state.update(images=images, learning=learning, label=label, k=0, tick=0, intensity=2,
                     done=False, out=np.zeros((len(images), n)), t0=time.time(), repeats=0)
        # Long enough for every image even with a few re-presentations; net.stop() ends it.
        net.run(len(images) * 20 * 500 * ms)
        if state["k"] != len(images):
            raise RuntimeError(f"{label}: only {state['k']} of {len(images)} images presented")
        presentations[label] = 1 + state["repeats"] / len(images)
        return state["out"], time.time() - state["t0"]

    train_counts, t_train = phase(train_x[:args.train], True, "train")
    label_counts, t_label = phase(train_x[:args.label], False, "label")
    ys = train_y[:args.label]
    means = np.stack([label_counts[ys == c].mean(axis=0) if np.any(ys == c) else np.zeros(n)
                      for c in range(10)])
    assignment = means.argmax(axis=0)
    test_counts, t_test = phase(test_x[:args.test], False, "test")
    scores = np.stack([test_counts[:, assignment == c].sum(axis=1) / max(1, (assignment == c).sum())
                       for c in range(10)], axis=1)
    predicted = scores.argmax(axis=1)
    accuracy = float((predicted == test_y[:args.test]).mean())
    result = {
        "simulator": "brian2", "neurons": n, "train": args.train, "label": args.label,
        "test": args.test, "seed": args.seed, "minInterSpikeMs": args.min_inter_spike_ms,
        "accuracy": accuracy,
        "trainSamplesPerS": args.train / t_train, "testSamplesPerS": args.test / t_test,
        "trainSeconds": t_train, "labelSeconds": t_label, "testSeconds": t_test,
        "presentationsPerImage": presentations,
        "trainSpikesPerNeuron": train_counts.sum(axis=0).astype(int).tolist(),
        "assignedPerClass": [int((assignment == c).sum()) for c in range(10)],
    }
    # Atomic, like NeuroXbar's own results: a reader never sees a half-written file.
    tmp = f"{args.out}.{os.getpid()}.tmp"
    with open(tmp, "w") as f:
        json.dump(result, f, indent=2)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, args.out)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
