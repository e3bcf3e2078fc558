#!/usr/bin/env bash
# Runs on the lent GPU machine (see BENCHMARKS.md): Node + Dawn + TensorFlow.js WebGPU training throughput,
# then the PyTorch reference of the same step. Expects .gpu/ (node.xz, bench.mjs, webgpu) and .gl/ (libvulkan1).
set -u
OUT=${OUT:-/tmp/out}
mkdir -p "$OUT"
for f in .gl/*.deb; do dpkg -x "$f" /; done; ldconfig
export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
ls /usr/local/nvidia/share/vulkan/icd.d/ /etc/vulkan/icd.d/ /usr/share/vulkan/icd.d/ 2>&1 | head
which node || { xz -d -c .gpu/node.xz > /tmp/node && chmod +x /tmp/node; }
NODE=$(which node || echo /tmp/node)
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
(timeout 240 "$NODE" .gpu/bench.mjs --backend webgpu --steps 10 2>&1 | grep -v '^$' | tee "$OUT/webgpu.jsonl") || true
[ -n "${SKIP_TORCH:-}" ] || (timeout 90 python3 scripts/gpu/torchReference.py cuda 2>&1 | tee "$OUT/torch.jsonl") || true
