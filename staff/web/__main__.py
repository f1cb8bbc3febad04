"""python -m staff.web: serves the staff page (settings: staff/web/settings.py)."""

import logging

from msrehab.privacy import MaskingFilter
from staff.web.app import create_app
from staff.web.settings import Settings


def main() -> None:
    settings = Settings.from_env()
    app = create_app(settings)
    # no access log (URLs hold search words); anything else logged is masked
    for handler in logging.getLogger().handlers:
        handler.addFilter(MaskingFilter())
    app.run(host=settings.host, port=settings.port, access_log=False, workers=1,
            motd=False)


if __name__ == "__main__":
    main()
