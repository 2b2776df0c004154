"""The status mark (草稿, 作废) as a watermark, made the way Word makes its own.

Word's Design › Watermark puts a VML WordArt shape named ``PowerPlusWaterMarkObject…`` in
the header, so it repeats on every page behind the text. Word lists it as the document's
watermark (and can remove it), and LibreOffice imports exactly this shape as its own
watermark. The text comes from the ``sopkit:watermark`` meta (from the locale catalog).
"""
from __future__ import annotations

from xml.sax.saxutils import quoteattr

from lxml import etree

# The look mirrors print.css: dark red, mostly transparent, diagonal, centred on the page.
COLOUR, OPACITY, ROTATION = "#B91C1C", "0.12", 315
POINTS_PER_CHARACTER = 170   # the shape's width per character; WordArt fits text to it

_SHAPE_TYPE = """<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136"
 adj="10800" path="m@7,l@8,m@5,21600l@6,21600e">
 <v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/>
  <v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/>
  <v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/>
  <v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/>
  <v:f eqn="sum @6 0 @5"/></v:formulas>
 <v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800"
  o:connectangles="270,180,90,0"/>
 <v:textpath on="t" fitshape="t"/>
 <v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>
 <o:lock v:ext="edit" text="t" shapetype="t"/>
</v:shapetype>"""

_RUN = """<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:w10="urn:schemas-microsoft-com:office:word">
<w:rPr><w:noProof/></w:rPr><w:pict>{shape_type}
<v:shape id="PowerPlusWaterMarkObject{number}" o:spid="_x0000_s{spid}" type="#_x0000_t136"
 style="position:absolute;margin-left:0;margin-top:0;width:{width}pt;height:{height}pt;rotation:{rotation};z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;mso-position-vertical-relative:margin"
 o:allowincell="f" fillcolor="{colour}" stroked="f">
<v:fill opacity="{opacity}"/>
<v:textpath style={font_style} string={text}/>
<w10:wrap anchorx="margin" anchory="margin"/>
</v:shape></w:pict></w:r>"""


def watermark_run(text: str, font: str, number: int) -> etree._Element:
    """The run holding the watermark shape; ``number`` keeps shape ids unique when several
    headers (first page, other pages) each carry one."""
    width = POINTS_PER_CHARACTER * max(len(text), 1)
    xml = _RUN.format(shape_type=_SHAPE_TYPE, number=number, spid=2048 + number,
                      width=width, height=POINTS_PER_CHARACTER, rotation=ROTATION,
                      colour=COLOUR, opacity=OPACITY, text=quoteattr(text),
                      font_style=quoteattr(f'font-family:"{font}";font-size:1pt'))
    return etree.fromstring(xml)
