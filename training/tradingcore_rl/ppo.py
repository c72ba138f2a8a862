"""PPO with an LSTM policy: recurrent rollouts with the hidden state carried across steps, and
truncated back-propagation through time over fixed-length chunks of each rollout (each chunk starts
from the hidden state recorded when it was collected)."""

import time
from dataclasses import dataclass

import numpy as np
import torch

from .env import VecEnv


@dataclass
class PPOConfig:
    n_envs: int = 16
    rollout_len: int = 128       # steps per env per update
    chunk_len: int = 32          # truncated BPTT length
    episode_len: int = 1024      # multiple of rollout_len: episodes end on rollout boundaries
    epochs: int = 4
    minibatch_chunks: int = 16
    gamma: float = 0.99
    gae_lambda: float = 0.95
    clip: float = 0.2
    lr: float = 3e-4
    value_coef: float = 0.5
    entropy_coef: float = 0.01
    max_grad_norm: float = 0.5


def _log(msg):
    print(msg, flush=True)


def train_stage(net, optimizer, stage_name, markets, steps, normalizer, env_cfg, ppo, rng,
                t_start, counters):
    """Runs PPO updates on one curriculum stage until `steps` environment steps are done."""
    assert ppo.episode_len % ppo.rollout_len == 0 and ppo.rollout_len % ppo.chunk_len == 0
    env = VecEnv(markets, ppo.n_envs, ppo.episode_len, env_cfg, rng)
    E, T = ppo.n_envs, ppo.rollout_len
    h, c = net.zero_state(E)
    done_steps = 0
    ep_returns = []
    ep_acc = np.zeros(E)
    nav_returns = []
    while done_steps < steps:
        obs_buf = np.zeros((E, T, normalizer.mean.size), dtype=np.float32)
        act_buf = np.zeros((E, T), dtype=np.int64)
        logp_buf = np.zeros((E, T), dtype=np.float32)
        val_buf = np.zeros((E, T), dtype=np.float32)
        rew_buf = np.zeros((E, T), dtype=np.float64)
        done_buf = np.zeros((E, T), dtype=bool)
        chunk_h, chunk_c = [], []
        with torch.no_grad():
            for k in range(T):
                if k % ppo.chunk_len == 0:
                    chunk_h.append(h.clone())
                    chunk_c.append(c.clone())
                obs = normalizer(env.observe()).astype(np.float32)
                logits, value, (h, c) = net(torch.from_numpy(obs).unsqueeze(1), (h, c))
                dist = torch.distributions.Categorical(logits=logits[:, 0])
                action = dist.sample()
                r, d, info = env.step(action.numpy())
                obs_buf[:, k] = obs
                act_buf[:, k] = action.numpy()
                logp_buf[:, k] = dist.log_prob(action).numpy()
                val_buf[:, k] = value[:, 0].numpy()
                rew_buf[:, k] = r
                done_buf[:, k] = d
                ep_acc += r
                for e in np.nonzero(d)[0]:
                    ep_returns.append(ep_acc[e])
                    nav_returns.append(info["nav"][e] / env_cfg.initial_cash - 1.0)
                    ep_acc[e] = 0.0
                if d.any():
                    mask = torch.from_numpy(~d).float().view(1, E, 1)
                    h, c = h * mask, c * mask
            obs = normalizer(env.observe()).astype(np.float32)
            _, last_val, _ = net(torch.from_numpy(obs).unsqueeze(1), (h, c))
            last_val = last_val[:, 0].numpy()
        # GAE
        adv = np.zeros((E, T), dtype=np.float64)
        gae = np.zeros(E)
        for k in range(T - 1, -1, -1):
            nonterminal = 1.0 - done_buf[:, k]
            next_val = last_val if k == T - 1 else val_buf[:, k + 1]
            delta = rew_buf[:, k] + ppo.gamma * next_val * nonterminal - val_buf[:, k]
            gae = delta + ppo.gamma * ppo.gae_lambda * nonterminal * gae
            adv[:, k] = gae
        ret = adv + val_buf
        # chunks: [E * n_chunks, L, ...]
        L = ppo.chunk_len
        nch = T // L

        def chunks(x):
            return torch.from_numpy(np.ascontiguousarray(
                x.reshape(E, nch, L, *x.shape[2:]).reshape(E * nch, L, *x.shape[2:])))

        c_obs, c_act, c_logp = chunks(obs_buf), chunks(act_buf), chunks(logp_buf)
        c_adv, c_ret = chunks(adv.astype(np.float32)), chunks(ret.astype(np.float32))
        # initial states: chunk j of env e -> index e * nch + j
        h0 = torch.stack(chunk_h, dim=2).reshape(1, E * nch, -1)
        c0 = torch.stack(chunk_c, dim=2).reshape(1, E * nch, -1)
        n_chunks = E * nch
        stats = []
        for _ in range(ppo.epochs):
            perm = torch.from_numpy(rng.permutation(n_chunks))
            for i in range(0, n_chunks, ppo.minibatch_chunks):
                idx = perm[i:i + ppo.minibatch_chunks]
                logits, values, _ = net(c_obs[idx], (h0[:, idx], c0[:, idx]))
                dist = torch.distributions.Categorical(logits=logits)
                logp = dist.log_prob(c_act[idx])
                a = c_adv[idx]
                a = (a - a.mean()) / (a.std() + 1e-8)
                ratio = torch.exp(logp - c_logp[idx])
                pg = -torch.min(ratio * a, torch.clamp(ratio, 1 - ppo.clip, 1 + ppo.clip) * a).mean()
                vloss = ((values - c_ret[idx]) ** 2).mean()
                ent = dist.entropy().mean()
                loss = pg + ppo.value_coef * vloss - ppo.entropy_coef * ent
                optimizer.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(net.parameters(), ppo.max_grad_norm)
                optimizer.step()
                stats.append((pg.item(), vloss.item(), ent.item()))
        done_steps += E * T
        counters["steps"] += E * T
        counters["updates"] += 1
        pg_m, v_m, ent_m = np.mean(stats, axis=0)
        recent = nav_returns[-E:]
        _log(f"[{stage_name}] update {counters['updates']:4d} steps {counters['steps']:8d} "
             f"reward/step {rew_buf.mean():+8.4f} episode NAV return "
             f"{(np.mean(recent) * 100 if recent else float('nan')):+7.3f}% "
             f"pg {pg_m:+.4f} value {v_m:8.4f} entropy {ent_m:.3f} "
             f"elapsed {time.time() - t_start:6.1f}s")
    return counters
