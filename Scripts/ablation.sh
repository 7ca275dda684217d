#!/bin/bash
# Ablation of the solver's speed-ups: each variant is REV (default HEAD) with one part switched off
# by a small patch, built in release in a worktree of its own, then timed by enet-bench on the
# problems of PEERS.md. Prints CSV rows "variant,<enet-bench row>" to stdout.
#
#   BENCH_DATA=/path/to/problems Scripts/ablation.sh [REV]
#
# The patches match the source at 32d35c0; a variant whose patch no longer applies builds the
# unpatched source, so check each "sed" still finds its line after changing that code.
set -u -o pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
rev=$(git -C "$repo" rev-parse "${1:-HEAD}")
data=${BENCH_DATA:?set BENCH_DATA to the directory gen_problems.py wrote}
work=$(mktemp -d)
dense="gauss_n1000_p100_rho0.5 gauss_n5000_p100_rho0.9 gauss_n100_p1000_rho0.5 gauss_n100_p5000_rho0.5 gauss_n100_p20000_rho0.5 binom_n1000_p100_rho0.5 binom_n100_p5000_rho0.5"

variant() {
    local name=$1 environment=$2 patch=$3
    local tree=$work/$name
    git -C "$repo" worktree add -q --detach "$tree" "$rev"
    (cd "$tree" && eval "$patch")
    if (cd "$tree" && env $environment swift build -c release --scratch-path "$work/build-$name" --product enet-bench >"$work/$name.log" 2>&1); then
        "$work/build-$name/release/enet-bench" --repeats 3 "$data" $dense | grep -v '^problem' | sed "s/^/$name,/"
        if sparse=$(timeout 300 "$work/build-$name/release/enet-bench" --repeats 1 --alpha 1 "$data" sparse_n10000_p100000); then
            echo "$sparse" | grep -v '^problem' | sed "s/^/$name,/"
        else
            echo "$name,sparse_n10000_p100000,timed out (300 s)"
        fi
    else
        echo "$name,build failed (see $work/$name.log)"
    fi
    git -C "$repo" worktree remove --force "$tree"
}

variant all "" true
variant no-avx2 "" "sed -i 's/__builtin_cpu_supports(\"avx2\")/0/' Sources/ElasticNetKernels/Kernels.c"
variant no-anderson "" "sed -i '/^ *accelerate(over: /d' Sources/ElasticNetCore/Solvers/CoordinateSolver.swift"
variant no-chord "" "sed -i 's/private let chordLimit = 0.1/private let chordLimit = -1.0/' Sources/ElasticNetCore/Solvers/ProximalNewtonSolver.swift"
variant no-polish "" "sed -i 's/min(2000, max(500, Int(Double(problem.storedEntryCount \/ 2).squareRoot())))/0/' Sources/ElasticNetCore/Solvers/ActiveSetNewton.swift"
variant no-strong-rule "" "sed -i 's/&& scores\[j\] >= threshold \* problem.penaltyFactors\[j\]//' Sources/ElasticNetCore/Path/PathWalk.swift"
variant no-covariance "" "sed -i 's/case .gaussian where problem.rowCount > problem.featureCount/case .gaussian where false \&\& problem.rowCount > problem.featureCount/' Sources/ElasticNetCore/Model/ElasticNet.swift"
rm -rf "$work"
