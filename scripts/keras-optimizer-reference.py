#!/usr/bin/env python3
"""Reference values for Tests/GatoTests/Training/OptimizerTests.swift.

Runs three steps of each Keras 3 optimizer configuration on a float64 variable with
a fixed sequence of three gradients and prints the parameter vector after each
step, as Swift array literals (repr of a float64 round-trips exactly).

Setup (no TensorFlow needed; Keras 3's numpy backend imports jax):

    python3 -m venv /tmp/kerasvenv
    /tmp/kerasvenv/bin/pip install keras==3.6.0 jax jaxlib
    KERAS_BACKEND=numpy /tmp/kerasvenv/bin/python scripts/keras-optimizer-reference.py

floatx is set to float64 so that the optimizer's learning-rate variable is float64
too (by default Keras stores the learning rate as float32, which would round 0.001
to 0.0010000000474974513).
"""
import os

os.environ.setdefault("KERAS_BACKEND", "numpy")

import keras  # noqa: E402
import numpy as np  # noqa: E402

keras.config.set_floatx("float64")

PARAMS = [0.5, -1.25, 2.0, 0.0]
# Three gradients; the third is small in the first component so that AMSGrad's
# running maximum differs from the plain second moment, and has a zero.
GRADS = [
    [0.3, -0.7, 1.5, 0.02],
    [-0.1, -0.4, 2.0, -0.05],
    [0.01, 0.2, -0.5, 0.0],
]
# Learning rates for the "varying learning rate" cases, set before each step
# (as a schedule does).
LRS = [0.1, 0.05, 0.02]

CASES = [
    ("adamDefault", lambda: keras.optimizers.Adam(), None),
    ("adamAmsgrad", lambda: keras.optimizers.Adam(learning_rate=0.01, amsgrad=True), None),
    ("adamCustom", lambda: keras.optimizers.Adam(learning_rate=0.05, beta_1=0.8, beta_2=0.99, epsilon=1e-3), None),
    ("rmspropDefault", lambda: keras.optimizers.RMSprop(), None),
    ("rmspropMomentum", lambda: keras.optimizers.RMSprop(learning_rate=0.01, momentum=0.9), None),
    ("rmspropCentered", lambda: keras.optimizers.RMSprop(learning_rate=0.01, centered=True), None),
    ("rmspropCenteredMomentum", lambda: keras.optimizers.RMSprop(learning_rate=0.01, rho=0.8, momentum=0.5, epsilon=1e-4, centered=True), None),
    ("sgdDefault", lambda: keras.optimizers.SGD(), None),
    ("sgdMomentum", lambda: keras.optimizers.SGD(learning_rate=0.1, momentum=0.9), None),
    ("sgdNesterov", lambda: keras.optimizers.SGD(learning_rate=0.1, momentum=0.9, nesterov=True), None),
    ("adamVaryingLR", lambda: keras.optimizers.Adam(learning_rate=LRS[0]), LRS),
    ("rmspropVaryingLR", lambda: keras.optimizers.RMSprop(learning_rate=LRS[0], momentum=0.5), LRS),
    ("sgdVaryingLR", lambda: keras.optimizers.SGD(learning_rate=LRS[0], momentum=0.9, nesterov=True), LRS),
]


def run(make, lrs):
    opt = make()
    var = keras.Variable(np.array(PARAMS, dtype="float64"), dtype="float64")
    steps = []
    for i, g in enumerate(GRADS):
        if lrs is not None:
            opt.learning_rate = lrs[i]
        opt.apply_gradients([(np.array(g, dtype="float64"), var)])
        value = np.asarray(var.value)
        assert value.dtype == np.float64
        steps.append([repr(float(x)) for x in value])
    assert int(np.asarray(opt.iterations.value)) == len(GRADS)
    return steps


if __name__ == "__main__":
    print(f"# keras {keras.__version__}, backend {keras.backend.backend()}, numpy {np.__version__}")
    for name, make, lrs in CASES:
        steps = run(make, lrs)
        print(f"{name}: [")
        for s in steps:
            print(f"    [{', '.join(s)}],")
        print("],")
