#!/usr/bin/env bash
# Runs on the lent GPU machine (see BENCHMARKS.md): Node + Dawn + TensorFlow.js WebGPU training throughput,
# with the studio's WGSL kernels off and on, then the PyTorch reference of the same steps. Expects .gpu/ (node.xz,
# bench.mjs, webgpu) and .gl/ (libvulkan1). bench.mjs is scripts/benchTrainNode.ts bundled for a machine without a
# registry:  npx esbuild scripts/benchTrainNode.ts --bundle --platform=node --format=esm --external:webgpu \
#              "--banner:js=import { createRequire } from 'module'; const require = createRequire(import.meta.url);" \
#              --outfile=.gpu/bench.mjs  (and node_modules/webgpu copied to .gpu/node_modules/webgpu).
set -u
OUT=${OUT:-/tmp/out}
mkdir -p "$OUT"
for f in .gl/*.deb; do dpkg -x "$f" /; done; ldconfig
export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
ls /usr/local/nvidia/share/vulkan/icd.d/ /etc/vulkan/icd.d/ /usr/share/vulkan/icd.d/ 2>&1 | head
which node || { xz -d -c .gpu/node.xz > /tmp/node && chmod +x /tmp/node; }
NODE=$(which node || echo /tmp/node)
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
CONFIGS=resnet18-spn-64px-b8,resnet18-spn-224px-b16,resnet50-spn-224px-b16
(timeout 300 "$NODE" .gpu/bench.mjs --backend webgpu --steps 10 --configs "$CONFIGS" --studio-kernels off,on 2>&1 | grep -v '^$' | tee "$OUT/webgpu.jsonl") || true
[ -n "${SKIP_TORCH:-}" ] || (timeout 90 python3 scripts/gpu/torchReference.py cuda 2>&1 | tee "$OUT/torch.jsonl") || true
