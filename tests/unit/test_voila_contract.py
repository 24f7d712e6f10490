"""What the app uses of Voilà's kernel manager that Voilà does not document (spasm_relief_app/server.py).

The pools that follow the class and the refill queue reach into Voilà 0.5's
``VoilaKernelManager``: its ``_pools`` (per notebook, a list of tasks whose result has
``kernel_id`` and ``task``) and its ``_initialize(notebook_path, kernel_id=None, **kwargs)``;
and they count on ``get_rendered_notebook`` refilling through ``fill_if_needed`` from
``kernel_pools_config``. If a Voilà upgrade changes any of these, this test fails first (the
server-level test in tests/browser/test_class_pools.py then shows the behaviour itself).
"""

from __future__ import annotations

import inspect

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from voila.voila_kernel_manager import voila_kernel_manager_factory


def manager_class():
    return voila_kernel_manager_factory(AsyncMappingKernelManager, preheat_kernel=True, default_pool_size=1)


def test_the_private_parts_the_app_uses_are_there_with_the_same_shape():
    cls = manager_class()
    init = inspect.signature(cls._initialize)
    assert list(init.parameters)[:3] == ["self", "notebook_path", "kernel_id"]
    assert init.parameters["kernel_id"].default is None
    assert "self._pools" in inspect.getsource(cls.__init__)
    initialize = inspect.getsource(cls._initialize)
    assert '"task": task' in initialize and '"kernel_id": kernel_id' in initialize
    assert "_pools" in inspect.getsource(cls.get_pool_size)


def test_handing_out_a_kernel_refills_from_the_pool_config():
    cls = manager_class()
    take = inspect.getsource(cls.get_rendered_notebook)
    assert "self._pools[notebook_name].pop(0)" in take and "self.fill_if_needed(" in take
    fill = inspect.getsource(cls.fill_if_needed)
    assert "self.kernel_pools_config.get(" in fill and '"pool_size"' in fill
    assert list(inspect.signature(cls.get_rendered_notebook).parameters)[1] == "notebook_name"
    shutdown = inspect.getsource(cls.shutdown_kernel)
    assert "pool.pop(i)" in shutdown  # a pool kernel shut down leaves its pool


def test_a_kernel_started_for_a_visitor_names_its_page_in_its_environment():
    import voila.handler
    from voila.utils import ENV_VARIABLE

    from spasm_relief_app.server import page_of_request

    handler = inspect.getsource(voila.handler)
    assert 'kernel_env[ENV_VARIABLE.VOILA_PREHEAT] = "False"' in handler
    assert "kernel_env[ENV_VARIABLE.VOILA_REQUEST_URL] = self.request.full_url()" in handler
    env = {ENV_VARIABLE.VOILA_PREHEAT: "False",
           ENV_VARIABLE.VOILA_REQUEST_URL: "https://school.example/voila/render/02_stretches.ipynb?mode=class"}
    assert page_of_request(env) == "02_stretches.ipynb"
    assert page_of_request({**env, ENV_VARIABLE.VOILA_PREHEAT: "True"}) is None  # a pool kernel
    assert page_of_request({}) is None
