"""The PPO-LSTM policy: one LSTM layer, an actor head (logits over the joint actions) and a critic
head (state value). Only the LSTM and the actor go into the ONNX model."""

import torch
from torch import nn


class PolicyNet(nn.Module):
    def __init__(self, n_obs, n_actions, hidden=32):
        super().__init__()
        self.hidden = hidden
        self.lstm = nn.LSTM(n_obs, hidden, num_layers=1, batch_first=True)
        self.actor = nn.Linear(hidden, n_actions)
        self.critic = nn.Linear(hidden, 1)
        nn.init.orthogonal_(self.actor.weight, gain=0.01)
        nn.init.zeros_(self.actor.bias)
        nn.init.orthogonal_(self.critic.weight, gain=1.0)
        nn.init.zeros_(self.critic.bias)

    def zero_state(self, batch):
        z = torch.zeros(1, batch, self.hidden)
        return z, z.clone()

    def forward(self, obs, state):
        """obs [B, T, N], state (h [1,B,H], c [1,B,H]) -> logits [B,T,A], values [B,T], state."""
        out, state = self.lstm(obs, state)
        return self.actor(out), self.critic(out).squeeze(-1), state


class OnnxPolicy(nn.Module):
    """The exported graph: (obs [B,1,N], h0 [1,B,H], c0 [1,B,H]) -> (logits [B,A], h, c)."""

    def __init__(self, net):
        super().__init__()
        self.lstm = net.lstm
        self.actor = net.actor

    def forward(self, obs, h0, c0):
        _, (h, c) = self.lstm(obs, (h0, c0))
        return self.actor(h[0]), h, c
