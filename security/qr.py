"""QR codes as inline SVG, drawn here: the secret never leaves the server."""

import qrcode
import qrcode.image.svg


def svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    markup = image.to_string(encoding="unicode")
    # Drop the XML declaration: the markup is embedded in an HTML page.
    return markup.split("?>", 1)[-1].strip() if markup.startswith("<?xml") else markup
