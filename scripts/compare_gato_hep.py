#!/usr/bin/env python3
"""gato-hep 0.2.1 and gato, trained on the same events with the same settings.

Run through scripts/compare-gato-hep.sh, which prepares the environment. For each
toy and number of categories it trains gato-hep exactly as its example scripts do
(RMSprop, cosine schedules, a tf.function train step) and gato with `gato run` on
the same events saved as .npz (one random start, like gato-hep), times both in this
one run, and computes the hard significances of both from per-event categories with
one formula: the exact Asimov significance Z_A = sqrt(2((s+b) ln(1+s/b) - s)),
combined over categories in quadrature, the other signals counted as background.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def asimov_squared(s, b):
    s = np.asarray(s, dtype=np.float64)
    b = np.maximum(np.asarray(b, dtype=np.float64), 1e-9)
    q = 2.0 * ((s + b) * np.log1p(s / b) - s)
    return np.where(s > 0, q, 0.0)


def significances(categories, weights, signals, k):
    """Per signal: sqrt(sum_k Z_A(S_k, B_k)^2), every other process as background."""
    yields = {p: np.bincount(categories[p], weights=weights[p], minlength=k) for p in categories}
    result = {}
    for signal in signals:
        background = sum(y for p, y in yields.items() if p != signal)
        result[signal] = float(np.sqrt(asimov_squared(yields[signal], background).sum()))
    return result


def generate(toy):
    from gatohep.data_generation import generate_toy_data_1D, generate_toy_data_3class_3D

    if toy == "three-class":
        frames = generate_toy_data_3class_3D(n_signal1=100_000, n_signal2=100_000, n_bkg=1_000_000, seed=42)
        return {p: (np.stack(df["NN_output"].values)[:, :2].astype(np.float32), df["weight"].values.astype(np.float64))
                for p, df in frames.items()}
    frames = generate_toy_data_1D(n_signal=100_000, n_bkg=300_000, seed=42)
    return {p: (df["NN_output"].values.astype(np.float32).reshape(-1, 1), df["weight"].values.astype(np.float64))
            for p, df in frames.items()}


def train_gato_hep(toy, data, k, epochs):
    import tensorflow as tf
    from gatohep.models import gato_gmm_model, gato_sigmoid_model
    from gatohep.utils import LearningRateScheduler, SteepnessScheduler, TemperatureScheduler

    tensors = {p: {"NN_output": tf.constant(x[:, 0] if x.shape[1] == 1 else x, tf.float32),
                   "weight": tf.constant(w, tf.float32)} for p, (x, w) in data.items()}
    if toy == "three-class":
        class Model(gato_gmm_model):  # as examples/three_class_softmax_example/run_example.py
            def __init__(self):
                super().__init__(n_cats=k, dim=2, temperature=1.0, mean_norm="softmax")

            def call(self, d):
                z = self.get_differentiable_significance(d, signal_labels=["signal1", "signal2"])
                return -tf.sqrt(z["signal1"] * z["signal2"])

        model = Model()
        optimizer = tf.keras.optimizers.RMSprop(learning_rate=0.05)
        schedulers = [LearningRateScheduler(optimizer, 0.05, 0.001, total_epochs=epochs, mode="cosine"),
                      TemperatureScheduler(model, 1.0, 0.05, total_epochs=epochs, mode="cosine")]
    else:
        class Model(gato_sigmoid_model):  # as examples/1D_example/run_sigmoid_example.py
            def __init__(self):
                super().__init__([{"name": "NN_output", "bins": k, "range": (0.0, 1.0)}], global_steepness=50.0)

            def call(self, d):
                return -self.get_differentiable_significance(d, signal_labels=["signal"])["signal"]

        model = Model()
        optimizer = tf.keras.optimizers.RMSprop(learning_rate=0.1)
        schedulers = [LearningRateScheduler(optimizer, 0.1, 0.001, total_epochs=epochs, mode="cosine"),
                      SteepnessScheduler(model, 50.0, 10000.0, total_epochs=epochs, mode="cosine")]

    @tf.function
    def train_step(d):
        with tf.GradientTape() as tape:
            loss = model.call(d)
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        return loss

    times = []
    for epoch in range(epochs):
        for scheduler in schedulers:
            scheduler.update(epoch)
        start = time.perf_counter()
        train_step(tensors).numpy()
        times.append(time.perf_counter() - start)
    categories = {p: model.get_bin_indices({p: tensors[p]})[p].numpy().astype(np.int64) for p in tensors}
    # Steady state: the first epoch traces the graph.
    return float(np.mean(times[1:])) if len(times) > 1 else times[0], categories


def write_inputs(toy, data, directory, bins, epochs):
    lines = ["version: 1", f"name: {toy}", "processes:"]
    for p, (x, w) in data.items():
        np.savez(os.path.join(directory, f"{p}.npz"), x=x, w=w)
        role = "signal" if p.startswith("signal") else "background"
        lines.append(f"  - {{name: {p}, role: {role}, file: {p}.npz, features: x, weights: w}}")
    signals = [p for p in data if p.startswith("signal")]
    if toy == "three-class":
        lines += ["model: {kind: gmm, mean_norm: softmax, cov_offdiag_damping: 0.1}",
                  f"objective: {{signals: [{', '.join(signals)}], combination: geometric-mean}}",
                  "training:", f"  categories: [{', '.join(map(str, bins))}]", f"  epochs: {epochs}",
                  "  learning_rate: {schedule: cosine, from: 0.05, to: 0.001}",
                  "  temperature: {schedule: cosine, from: 1.0, to: 0.05}"]
    else:
        lines += ["model: {kind: cuts, variables: [{name: NN_output, bins: 3, range: [0, 1]}]}",
                  "objective: {signals: [signal]}",
                  "training:", f"  categories: [{', '.join(map(str, bins))}]", f"  epochs: {epochs}",
                  "  learning_rate: {schedule: cosine, from: 0.1, to: 0.001}",
                  "  steepness: {schedule: cosine, from: 50, to: 10000}"]
    lines += ["  optimizer: rmsprop", "  seed: 42", "  starts: 1", "  bias_interval: 0"]
    path = os.path.join(directory, "config.yaml")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--gato", required=True)
    parser.add_argument("--epochs", type=int, default=250)
    parser.add_argument("--bins", type=int, nargs="+", default=[3, 5, 10])
    parser.add_argument("--toys", nargs="+", default=["three-class", "1d-cuts"])
    parser.add_argument("--keep", help="keep the events, configurations and outputs in this folder")
    args = parser.parse_args()

    directory = args.keep or tempfile.mkdtemp(prefix="gato-compare-")
    rows = []
    for toy in args.toys:
        folder = os.path.join(directory, toy)
        os.makedirs(folder, exist_ok=True)
        print(f"[{toy}] generating the events with gato-hep's generator (seed 42)", file=sys.stderr)
        data = generate(toy)
        config = write_inputs(toy, data, folder, args.bins, args.epochs)
        weights = {p: w for p, (x, w) in data.items()}
        signals = [p for p in data if p.startswith("signal")]

        print(f"[{toy}] training gato: {args.gato} run", file=sys.stderr)
        out = os.path.join(folder, "gato-output")
        subprocess.run([args.gato, "run", config, "--out", out, "--quiet"], check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(out, "summary.json")) as f:
            summary = {r["n_cats"]: r for r in json.load(f)["results"]}

        for k in args.bins:
            print(f"[{toy}] training gato-hep, {k} categories, {args.epochs} epochs", file=sys.stderr)
            hep_seconds, hep_categories = train_gato_hep(toy, data, k, args.epochs)
            assigned = os.path.join(folder, f"gato-{k}.npz")
            subprocess.run([args.gato, "apply", os.path.join(out, f"checkpoints/{k}_bins.json"), "--config", config,
                            "--out", assigned], check=True, stdout=subprocess.DEVNULL)
            gato_categories = {p: a.astype(np.int64) for p, a in np.load(assigned).items() if p in data}
            gato_seconds = summary[k]["train_seconds"] / summary[k]["epochs"]
            rows.append((toy, k, hep_seconds, gato_seconds,
                         significances(hep_categories, weights, signals, k),
                         significances(gato_categories, weights, signals, k)))

    print("\ntoy           K   gato-hep s/epoch   gato s/epoch   ratio   Z gato-hep           Z gato")
    for toy, k, hep, ours, z_hep, z_ours in rows:
        def show(z):
            return " ".join(f"{z[s]:.3f}" for s in sorted(z))
        print(f"{toy:12s} {k:3d}   {hep:16.4f}   {ours:12.4f}   {hep / ours:5.0f}   {show(z_hep):19s}  {show(z_ours)}")
    print(f"\nevents, configurations and outputs in {directory}", file=sys.stderr)


if __name__ == "__main__":
    main()
