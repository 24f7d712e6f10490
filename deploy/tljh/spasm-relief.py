# The Littlest JupyterHub (TLJH), one class on one server: copy this file to
# /opt/tljh/config/jupyterhub_config.d/spasm-relief.py and run `sudo tljh-config reload`.
# Not exercised here (TLJH installs system services); deploy/jupyterhub/ is the tested equivalent.
# Login and isolation are TLJH's own and are not set here: each student runs as a system user of
# their own (jupyter-<name>) under TLJH's systemd spawner, and TLJH's default login is
# FirstUseAuthenticator (each student sets a password at first login) or whatever
# `tljh-config set auth.type ...` chooses, such as the institution's OAuth or LDAP. Never choose
# the dummy authenticator: it lets anyone in under any name.
c.Spawner.default_url = "/voila/render/00_start_here.ipynb"  # noqa: F821
c.Spawner.environment = {"JUPYTER_PATH": "/srv/spasm-relief/deploy/jupyter"}  # noqa: F821
c.Spawner.args = [  # noqa: F821
    "--VoilaConfiguration.template=spasm-relief",
    "--VoilaConfiguration.strip_sources=True",
    "--VoilaConfiguration.show_tracebacks=False",
    "--MappingKernelManager.cull_idle_timeout=600",
]
c.Spawner.mem_limit = "768M"  # noqa: F821 - enforced by TLJH's systemd spawner

# Private copies of the lessons: TLJH creates each student's system user with `useradd -m`, which
# copies /etc/skel into the new home folder, so `sudo cp /srv/spasm-relief/notebooks/*.ipynb /etc/skel/`
# once gives every new student their own copy (nobody shares a writable file).
