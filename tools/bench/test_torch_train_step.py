"""Tests of torch_train_step.py. Run: /usr/bin/python3 -m unittest discover -s tools/bench -v"""

import contextlib
import io
import json
import math
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch  # noqa: E402

import torch_train_step as tts  # noqa: E402


def nt_xent_by_hand(a, b, tau):
    """Plain-Python NT-Xent: mean over the 2N rows of -s(i, partner) + log sum_{j != i} exp s(i, j)."""
    rows = [list(r) for r in a] + [list(r) for r in b]
    z = []
    for r in rows:
        norm = max(math.sqrt(sum(x * x for x in r)), 1e-12)
        z.append([x / norm for x in r])
    m, n = len(z), len(a)
    total = 0.0
    for i in range(m):
        p = (i + n) % m
        s = [sum(x * y for x, y in zip(z[i], z[j])) / tau for j in range(m)]
        total += -s[p] + math.log(sum(math.exp(s[j]) for j in range(m) if j != i))
    return total / m


def head_values(d):
    """Trainable values of the head on D features: 2 x (Linear D->D, BN D) + Linear D->128 + BN 128."""
    return 2 * (d * d + d + 2 * d) + d * 128 + 128 + 2 * 128


class NtXentTest(unittest.TestCase):

    def test_loss_matches_the_formula_and_ranks(self):
        a = [[1.0, 0.0], [0.0, 1.0]]
        b = [[0.6, 0.8], [0.0, 2.0]]
        loss, (top1, top5, mean_pos) = tts.nt_xent(torch.tensor(a), torch.tensor(b), 0.5)
        self.assertAlmostEqual(nt_xent_by_hand(a, b, 0.5), loss.item(), places=5)
        # ranks of the positive per row (0 = first): 0, 0, 2, 0 (row b0 prefers a1 and b1)
        self.assertAlmostEqual(0.75, top1.item())
        self.assertAlmostEqual(1.0, top5.item())
        self.assertAlmostEqual(1.5, mean_pos.item())

    def test_random_case_and_a_wrong_pairing_differs(self):
        g = torch.Generator().manual_seed(3)
        a = torch.randn(4, 5, generator=g)
        b = torch.randn(4, 5, generator=g)
        loss, _ = tts.nt_xent(a, b, 0.07)
        expected = nt_xent_by_hand(a.tolist(), b.tolist(), 0.07)
        self.assertAlmostEqual(expected, loss.item(), delta=1e-4 * expected)
        swapped = nt_xent_by_hand(a.tolist(), b.flip(0).tolist(), 0.07)
        self.assertGreater(abs(swapped - loss.item()), 1e-3)


class NetworkTest(unittest.TestCase):

    def count(self, arch, width, small):
        net = tts.ReidNetwork(arch, width, small)
        return net.feature_dim, sum(p.numel() for p in net.parameters())

    def test_standard_resnets_have_torchvisions_parameter_counts(self):
        # torchvision: resnet18 11,689,512 and resnet50 25,557,032 values including the
        # 1000-class fc layer (512*1000+1000 and 2048*1000+1000), which we do not have
        d, n = self.count("resnet18", 64, False)
        self.assertEqual(512, d)
        self.assertEqual(11_689_512 - 513_000 + head_values(512), n)
        d, n = self.count("resnet50", 64, False)
        self.assertEqual(2048, d)
        self.assertEqual(25_557_032 - 2_049_000 + head_values(2048), n)

    def test_tiny_width_8_small_stem_matches_the_java_count(self):
        # the Java smoke test's count for the same network, derived by hand there
        self.assertEqual((64, 94_504), self.count("tiny", 8, True))

    def test_small_stem_keeps_the_resolution(self):
        net = tts.ReidNetwork("tiny", 4, True)
        stem = net.backbone[0]
        self.assertEqual((3, 3), stem.kernel_size)
        self.assertEqual((1, 1), stem.stride)
        net = tts.ReidNetwork("tiny", 4, False)
        self.assertEqual((7, 7), net.backbone[0].kernel_size)
        self.assertIsInstance(net.backbone[3], torch.nn.MaxPool2d)


class StepTest(unittest.TestCase):

    def test_aligned_step_loss_is_the_three_terms_by_hand(self):
        torch.manual_seed(4)
        n = 2
        net = tts.ReidNetwork("tiny", 4, True)
        opt = torch.optim.AdamW(net.parameters(), lr=tts.LR, weight_decay=tts.WEIGHT_DECAY)
        faces = torch.rand(3 * n, 3, 8, 8) * 2 - 1   # strong 1, strong 2, weak
        bodies = torch.rand(3 * n, 3, 8, 8) * 2 - 1
        with torch.no_grad():  # training mode: batch statistics, as in the step
            zf = net(faces).tolist()
            zb = net(bodies).tolist()
        expected = (nt_xent_by_hand(zf[0:2], zf[2:4], tts.TAU)
                    + nt_xent_by_hand(zb[0:2], zb[2:4], tts.TAU)
                    + nt_xent_by_hand(zf[4:6], zb[4:6], tts.TAU))
        wrong = expected - nt_xent_by_hand(zf[4:6], zb[4:6], tts.TAU) \
            + nt_xent_by_hand(zf[0:2], zb[0:2], tts.TAU)
        before = [p.detach().clone() for p in net.parameters()]
        value, norm = tts.step(net, opt, faces, bodies, n, tts.VARIANTS["aligned"])
        self.assertAlmostEqual(expected, value, delta=1e-4 * expected)
        self.assertGreater(abs(wrong - value), 1e-3)
        self.assertGreater(norm, 0)
        changed = sum(int(not torch.equal(a, b)) for a, b in zip(before, net.parameters()))
        self.assertEqual(len(before), changed)  # AdamW moved every parameter


class CommandTest(unittest.TestCase):

    def run_main(self, *args):
        out, err = io.StringIO(), io.StringIO()
        code = 0
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = tts.main(list(args))
            except SystemExit as e:
                code = e.code
        return code, out.getvalue(), err.getvalue()

    def test_tiny_smoke_run(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "r.json")
            code, out, err = self.run_main("--backbone", "tiny", "--width", "8", "--size", "16",
                                           "--images", "2", "--steps", "2", "--warmup", "1",
                                           "--variant", "unaligned", "--json", path)
            self.assertEqual(0, code, err)
            self.assertIn("step 3/3", err)
            line = [l for l in out.splitlines() if l.startswith('{"bench": "train-step"')][-1]
            j = json.loads(line)
            with open(path) as f:
                self.assertEqual(j, json.loads(f.read()))
        self.assertEqual("torch-eager", j["impl"])
        self.assertEqual(8, j["views"])  # 4 views per pair
        self.assertEqual(2, len(j["step_s"]))
        self.assertTrue(all(t > 0 for t in j["step_s"]))
        median = (j["step_s"][0] + j["step_s"][1]) / 2
        self.assertAlmostEqual(median, j["median_s"], delta=2e-5 * median)
        self.assertAlmostEqual(8 / median, j["images_per_s"], delta=2e-5 * 8 / median)
        self.assertGreater(j["final_loss"], 0)
        self.assertGreaterEqual(j["threads"], 1)

    def test_bad_arguments_exit_2_naming_option_and_value(self):
        for opt, value, message in [
                ("--size", "4", "--size must be at least 8, got 4"),
                ("--images", "1", "--images (pairs per step) must be at least 2, got 1"),
                ("--variant", "separate", "got 'separate'"),
                ("--backbone", "vgg", "got 'vgg'"),
                ("--steps", "0", "--steps must be at least 1, got 0")]:
            args = {"--backbone": "tiny", "--size": "16", "--images": "2"}
            args[opt] = value
            code, out, err = self.run_main(*[x for kv in args.items() for x in kv])
            self.assertEqual(2, code, opt)
            self.assertIn(message, err)
            self.assertNotIn('"bench"', out)


if __name__ == "__main__":
    unittest.main()
