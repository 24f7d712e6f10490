"""Print the Binder link (and a README badge) that opens the tutorial in Voilà.

``python deploy/binder/link.py`` reads the repository's address from ``git remote get-url origin``;
``python deploy/binder/link.py OWNER/REPO [REF]`` names it instead. Binder builds the repository
from ``environment.yml`` and ``postBuild`` and opens the start page.
"""

from __future__ import annotations

import re
import subprocess
import sys
from urllib.parse import quote

START = "notebooks/00_start_here.ipynb"
BADGE = "https://mybinder.org/badge_logo.svg"
GITHUB = re.compile(r"^(?:https://github\.com/|git@github\.com:|ssh://git@github\.com/)"
                    r"(?P<owner>[A-Za-z0-9-]+)/(?P<repo>[A-Za-z0-9._-]+?)(?:\.git)?/?$")
NAME = re.compile(r"^(?P<owner>[A-Za-z0-9-]+)/(?P<repo>[A-Za-z0-9._-]+)$")


class LinkError(ValueError):
    """The address is not a GitHub repository Binder can build."""


def repository(address: str) -> tuple[str, str]:
    """``(owner, repo)`` from a GitHub remote address or an ``OWNER/REPO`` name."""
    address = address.strip()
    match = GITHUB.match(address) or NAME.match(address)
    if not match:
        raise LinkError(f"{address!r} is not a GitHub repository (expected OWNER/REPO or a github.com address)")
    return match["owner"], match["repo"]


def binder_url(owner: str, repo: str, ref: str = "HEAD") -> str:
    return (f"https://mybinder.org/v2/gh/{quote(owner)}/{quote(repo)}/{quote(ref, safe='')}"
            f"?urlpath={quote('voila/render/' + START, safe='')}")


def badge(url: str) -> str:
    return f"[![Open the tutorial on Binder]({BADGE})]({url})"


def main(argv: list[str]) -> int:
    if argv:
        address, ref = argv[0], (argv[1] if len(argv) > 1 else "HEAD")
    else:
        ref = "HEAD"
        try:
            address = subprocess.run(["git", "remote", "get-url", "origin"], capture_output=True, text=True,
                                     check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            print("This clone has no 'origin' remote: name the repository, "
                  "python deploy/binder/link.py OWNER/REPO", file=sys.stderr)
            return 2
    try:
        url = binder_url(*repository(address), ref)
    except LinkError as error:
        print(f"{error}. Binder builds public GitHub repositories: "
              "python deploy/binder/link.py OWNER/REPO", file=sys.stderr)
        return 2
    print(url)
    print(badge(url))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
