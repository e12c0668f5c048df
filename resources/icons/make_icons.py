"""Draws DTPlan's application icon (a rising bar chart on a blue tile) at every size Windows and
Linux need; run it after changing the design: .venv/bin/python resources/icons/make_icons.py"""

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
BLUE, LIGHT, ORANGE = (22, 93, 163), (236, 243, 250), (245, 154, 35)


def draw(size: int) -> Image.Image:
    scale = 4  # draw large, then downsample for smooth edges
    s = size * scale
    image = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, s - 1, s - 1), radius=int(s * 0.18), fill=BLUE)
    base = int(s * 0.80)
    width = int(s * 0.13)
    for k, height in enumerate((0.22, 0.34, 0.48)):
        left = int(s * (0.18 + k * 0.19))
        pen.rounded_rectangle((left, base - int(s * height), left + width, base), radius=int(width * 0.2), fill=LIGHT)
    pen.line([(int(s * 0.16), int(s * 0.56)), (int(s * 0.46), int(s * 0.40)), (int(s * 0.82), int(s * 0.20))],
             fill=ORANGE, width=max(2, int(s * 0.06)), joint="curve")
    pen.ellipse((int(s * 0.76), int(s * 0.14), int(s * 0.88), int(s * 0.26)), fill=ORANGE)
    return image.resize((size, size), Image.LANCZOS)


def main() -> None:
    large = draw(256)
    large.save(HERE / "dtplan.png")
    draw(64).save(HERE / "dtplan-64.png")
    large.save(HERE / "dtplan.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])


if __name__ == "__main__":
    main()
