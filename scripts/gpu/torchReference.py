"""PyTorch reference throughput for the same ResNet + C-Net + SPN training step (run on the GPU machine only).

It mirrors src/core/model: torchvision ResNet trunk, C-Net (GAP, 1024, K), SPN upsampling blocks, BCE + CE loss, Adam.
"""
import json
import sys
import time

import torch
import torch.nn as nn
import torchvision

FACTORS = {4: [4, 2, 2, 2], 3: [4, 4, 2]}
CHANNELS = [256, 128, 64, 32]


class Studio(nn.Module):
    def __init__(self, backbone, classes=3, spn_blocks=4):
        super().__init__()
        net = getattr(torchvision.models, backbone)(weights=None)
        self.fnet = nn.Sequential(*list(net.children())[:-2])
        c = 2048 if backbone == "resnet50" else 512
        self.cnet = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(c, 1024), nn.ReLU(), nn.Linear(1024, classes))
        layers, inc = [], c
        for i, f in enumerate(FACTORS[spn_blocks] if spn_blocks else []):
            layers += [nn.Upsample(scale_factor=f, mode="bilinear"), nn.Conv2d(inc, CHANNELS[i], 3, padding=1, bias=False), nn.BatchNorm2d(CHANNELS[i]), nn.ReLU()]
            inc = CHANNELS[i]
        self.spn = nn.Sequential(*layers, nn.Conv2d(inc, 1, 1)) if spn_blocks else None

    def forward(self, x):
        f = self.fnet(x)
        return self.cnet(f), (self.spn(f) if self.spn is not None else None)


def bench(backbone, size, batch, spn=True, steps=20, device="cuda"):
    model = Studio(backbone, spn_blocks=4 if spn else 0).to(device)
    opt = torch.optim.Adam(model.parameters(), 1e-3)
    x = torch.randn(batch, 3, size, size, device=device)
    y = torch.randint(0, 3, (batch,), device=device)
    m = (torch.rand(batch, 1, size, size, device=device) > 0.5).float()
    times = []
    for step in range(steps + 3):
        if device == "cuda":
            torch.cuda.synchronize()
        t = time.perf_counter()
        logits, mask = model(x)
        loss = nn.functional.cross_entropy(logits, y)
        if mask is not None:
            loss = loss + nn.functional.binary_cross_entropy_with_logits(mask, m)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if device == "cuda":
            torch.cuda.synchronize()
        if step >= 3:
            times.append(time.perf_counter() - t)
    s = sum(times) / len(times)
    return {"name": f"torch-{backbone}-{'spn' if spn else 'baseline'}-{size}px-b{batch}", "device": device, "secondsPerStep": round(s, 5), "imagesPerSecond": round(batch / s, 1)}


if __name__ == "__main__":
    device = sys.argv[1] if len(sys.argv) > 1 else "cuda"
    print(json.dumps({"torch": torch.__version__, "gpu": torch.cuda.get_device_name(0) if device == "cuda" else "cpu"}))
    for args in [("resnet18", 64, 8), ("resnet18", 128, 8), ("resnet18", 224, 16), ("resnet50", 224, 16)]:
        print(json.dumps(bench(*args, device=device)), flush=True)
    print(json.dumps(bench("resnet50", 224, 16, spn=False, device=device)), flush=True)
