"""The checked model travels to worker processes whole: workers never read the YAML again."""
from __future__ import annotations

import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor

from conftest import SAMPLE_SOPS
from generator.onboarding import workers
from generator.pipeline import check
from generator.renderers.json_renderer import model_as_json


def _seen_in_worker() -> tuple[dict, list[str]]:
    linked = workers.model()
    return model_as_json(linked), sorted(linked.custom_jds)


def test_the_linked_sample_survives_pickling_unchanged():
    linked = check(SAMPLE_SOPS).linked
    back = pickle.loads(pickle.dumps(linked))
    assert model_as_json(back) == model_as_json(linked)
    assert sorted(back.custom_jds) == sorted(linked.custom_jds) != []
    role = next(iter(back.kb.roles.values()))
    assert role.title.loc == next(iter(linked.kb.roles.values())).title.loc  # file:line:col kept


def test_a_fresh_worker_process_receives_the_checked_model(tmp_path):
    linked = check(SAMPLE_SOPS).linked
    # spawn: a new interpreter that imports nothing of the parent's, so the model must carry
    # everything it needs, and the knowledge base folder is never consulted
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context, initializer=workers.receive_model,
                             initargs=(linked,)) as pool:
        as_json, custom = pool.submit(_seen_in_worker).result(timeout=120)
    assert as_json == model_as_json(linked)
    assert custom == sorted(linked.custom_jds)
