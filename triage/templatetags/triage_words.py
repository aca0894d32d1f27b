from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from triage.core.wording import for_client as _for_client

register = template.Library()


@register.filter
def for_client(text):
    """``{{ reason.text|for_client }}``: a coach's reason addressed to the client reading it."""
    return _for_client(text)


@register.simple_tag
def fortnight_svg(f):
    """``{% fortnight_svg entry.fortnight %}``: a client's last two weeks (triage.core.fortnight) as
    a small picture with its caption, the text equivalent. Bars up done, down missed, outlined
    due today, flat rest; readiness dots above. Built here in one pass rather than a template
    loop of some seventy variables a card: the queue draws twenty of them a page."""
    marks = "".join(
        f'<rect class="mark {d.state}" x="{d.x}" y="{d.y}" width="{d.width}" '
        f'height="{d.height}"><title>{escape(d.label)}</title></rect>'
        for d in f.days
    )
    lines = "".join(f'<polyline class="readiness" points="{line}"/>' for line in f.readiness_lines)
    points = "".join(
        f'<circle class="readiness" cx="{p.x}" cy="{p.y}" r="2.2"/>' for p in f.readiness_points
    )
    top, height = f.readiness_area
    return mark_safe(  # noqa: S308 (numbers from triage.core.fortnight; the words are escaped)
        '<figure class="fortnight">'
        f'<svg class="fortnight-svg" viewBox="{f.view_box}" width="{f.width}" height="{f.height}"'
        ' aria-hidden="true" focusable="false">'
        f'<rect class="readiness-area" x="0" y="{top}" width="{f.width}" height="{height}"/>'
        f'<line class="baseline" x1="0" y1="{f.baseline}" x2="{f.width}" y2="{f.baseline}"/>'
        f"{marks}{lines}{points}</svg>"
        f'<figcaption class="small">{escape(f.summary)}</figcaption></figure>'
    )
