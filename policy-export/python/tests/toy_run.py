"""Short training runs on the toy environment: the set-up the trainer tests share."""

import dsact
from tests import toy_env

ENV_NAME = "tests.toy_env:make"
# no evaluation and no log lines unless a test asks
QUIET = dict(eval_every=0, log_every=0, verbose=False)


def config(**overrides):
    """A small network and buffer that train in a fraction of a second; override what a test is about."""
    values = dict(hidden=16, batch_size=16, buffer_size=500, warmup_steps=40)
    values.update(overrides)
    return dsact.Config(**values)


def trainer(run_dir, cfg=None, **options):
    """A quiet trainer on the toy environment: no evaluation and no log lines unless a test asks."""
    values = dict(QUIET, env_name=ENV_NAME)
    values.update(options)
    return dsact.Trainer(toy_env.make, cfg or config(), run_dir, **values)


def resume(checkpoint, overrides=None, **options):
    """A quiet resumption of a toy checkpoint, with the same defaults as ``trainer``."""
    values = dict(QUIET)
    values.update(options)
    return dsact.Trainer.resume(checkpoint, toy_env.make, overrides=overrides, **values)
