"""Attachments: accepted by what the file is (not its name), cleaned of hidden metadata.

Photos are redrawn from their pixels. A PDF is rebuilt page by page into a new document that holds only
what the pages show: the content streams (without comments or marked-content tags), fonts and images,
each image re-encoded from its pixels. Everything else stays behind: document information and XMP
metadata at any level, annotations (their appearance is drawn onto the page first), forms, JavaScript
and other actions, embedded files, the structure tree, page-piece data. Files are stored as
`attachment-N.<ext>`, never under the name they were sent with (phone photos are often called
`IMG_<date>_<name>`)."""

from __future__ import annotations

import base64
import io
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from PIL import Image, ImageOps
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ContentStream,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    StreamObject,
)

from rampart.core import uploads
from rampart.core.uploads import Refused as Refused  # a core.errors.Refused; cases and views catch it here
from rampart.reporting.models import Attachment, ReportDraft

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
MAX_PIXELS = 40_000_000  # a 12,000 x 12,000 PNG of 140 KB took 4.9 s and 450 MB to decode
MAX_PAGES = 200
ALLOWED = (uploads.JPEG, uploads.PNG, uploads.PDF)

# Pillow's own guard, for every image it opens in this process (those inside PDFs too): it warns above
# this and raises DecompressionBombError above twice this. We check the declared size ourselves first.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

UNREADABLE = "The file could not be read. Check it opens on your device and try again"
CANNOT_CLEAN = (
    "The PDF could not be cleaned of hidden information. "
    "Save or print it as a new PDF, or send photos of its pages instead"
)


@dataclass(frozen=True)
class CleanFile:
    content: bytes
    content_type: str
    extension: str

    def named(self, prefix: str, number: int) -> str:
        return f"{prefix}-{number}.{self.extension}"


def clean(raw: bytes) -> CleanFile:
    """Judged by content alone: a photo saved with the wrong extension is still a photo. The name it
    was sent with is not asked for: it is never kept."""
    kind = uploads.identify(raw, allowed=ALLOWED, max_bytes=MAX_BYTES)
    try:
        content = _rebuild_pdf(raw) if kind is uploads.PDF else _strip_image(raw, kind.mime_type)
    except Refused:
        raise
    except Image.DecompressionBombError as exc:
        raise Refused(uploads.too_many_pixels(MAX_PIXELS)) from exc
    except Exception as exc:
        raise Refused(UNREADABLE) from exc
    return CleanFile(content, kind.mime_type, kind.extensions[0])


def next_number(names: Iterable[str], prefix: str) -> int:
    """One more than the highest `<prefix>-N.<ext>` already taken, so a removed file's number is not
    given to the next one while a later file still holds the number after it."""
    pattern = re.compile(rf"{re.escape(prefix)}-(\d+)\.")
    taken = [int(m.group(1)) for name in names if (m := pattern.match(name))]
    return max(taken, default=0) + 1


def add_to_draft(draft: ReportDraft, raw: bytes, original_name: str = "") -> Attachment:
    """`original_name` is accepted from the upload and dropped: the file is stored as attachment-N."""
    del original_name
    cleaned = clean(raw)
    with transaction.atomic():
        ReportDraft.objects.select_for_update().filter(pk=draft.pk).exists()
        names = list(Attachment.objects.filter(draft=draft).values_list("name", flat=True))
        if len(names) >= MAX_FILES:
            raise Refused(f"You can add up to {MAX_FILES} files")
        return Attachment.objects.create(
            draft=draft,
            name=cleaned.named("attachment", next_number(names, "attachment")),
            content_type=cleaned.content_type,
            size=len(cleaned.content),
            content=base64.b64encode(cleaned.content).decode(),
        )


def content_of(attachment: Attachment) -> bytes:
    return base64.b64decode(attachment.content)


def _open_image(raw: bytes) -> Image.Image:
    """Image.open reads only the header: the size is checked before any pixel is decoded."""
    image = Image.open(io.BytesIO(raw))
    uploads.check_pixels(*image.size, max_pixels=MAX_PIXELS)
    return image


def _strip_image(raw: bytes, kind: str) -> bytes:
    """Re-draw the pixels into a new image: EXIF (location, device, author) and text chunks stay behind."""
    with _open_image(raw) as image:
        upright = ImageOps.exif_transpose(image)
        pixels = Image.frombytes(upright.mode, upright.size, upright.tobytes())
        if upright.mode == "P" and upright.getpalette():
            pixels.putpalette(upright.getpalette())
    out = io.BytesIO()
    if kind == "image/jpeg":
        pixels.convert("RGB").save(out, format="JPEG", quality=90)
    else:
        pixels.save(out, format="PNG")
    return out.getvalue()


def _rebuild_pdf(raw: bytes) -> bytes:
    reader = PdfReader(io.BytesIO(raw))
    if reader.is_encrypted:
        raise Refused("The PDF is protected by a password. Remove the password and try again")
    uploads.check_pages(len(reader.pages), max_pages=MAX_PAGES)
    return _PdfRebuild(reader).document()


# What may be copied from a page, its resources, and an image or form XObject; everything else is dropped.
PAGE_RESOURCES = ("/Font", "/XObject", "/ExtGState", "/ColorSpace", "/Pattern", "/Shading", "/ProcSet")
IMAGE_KEYS = (
    "/Type", "/Subtype", "/Width", "/Height", "/BitsPerComponent", "/ColorSpace", "/Decode",
    "/ImageMask", "/Interpolate", "/Intent", "/SMask", "/Mask",
)  # fmt: skip
FORM_KEYS = ("/Type", "/Subtype", "/FormType", "/BBox", "/Matrix", "/Group")
INLINE_IMAGE_KEYS = (
    "/W", "/Width", "/H", "/Height", "/CS", "/ColorSpace", "/BPC", "/BitsPerComponent", "/F", "/Filter",
    "/DP", "/DecodeParms", "/D", "/Decode", "/IM", "/ImageMask", "/I", "/Interpolate", "/Intent", "/L",
)  # fmt: skip
# Keys dropped wherever they are found in what is copied (fonts, colour spaces, patterns, graphics states).
DROPPED = frozenset(
    {
        "/Metadata", "/PieceInfo", "/LastModified", "/AA", "/A", "/OpenAction", "/JS", "/JavaScript",
        "/Annots", "/EmbeddedFiles", "/AF", "/AcroForm", "/StructTreeRoot", "/StructParent",
        "/StructParents", "/Names", "/Measure", "/PtData", "/OC", "/Alternates", "/OPI", "/Thumb", "/ID",
        "/Info", "/URI", "/F", "/FFilter", "/FDecodeParms", "/Filter", "/DecodeParms", "/Length", "/DL",
    }
)  # fmt: skip
MARKED_CONTENT = frozenset({b"BMC", b"BDC", b"EMC", b"MP", b"DP"})  # tags and their property lists
# Filters that hold plain samples: once decoded, nothing is left but pixels.
SAMPLE_FILTERS = frozenset(
    {"/FlateDecode", "/Fl", "/LZWDecode", "/LZW", "/RunLengthDecode", "/RL", "/ASCIIHexDecode", "/AHx",
     "/ASCII85Decode", "/A85"}
)  # fmt: skip
JPEG_FILTERS = frozenset({"/DCTDecode", "/DCT"})
NOT_DRAWN = frozenset(
    {"/Link", "/Popup", "/Text", "/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D"}
)
HIDDEN, NO_VIEW = 2, 32  # annotation flags
ICC_AS_DEVICE = {1: "/DeviceGray", 3: "/DeviceRGB", 4: "/DeviceCMYK"}


class _PdfRebuild:
    """A new document drawn from the old one's pages; every object is copied through `copy`, which
    decides what it may carry."""

    def __init__(self, reader: PdfReader) -> None:
        self.reader = reader
        self.writer = PdfWriter()
        self.copied: dict[tuple[int, int], IndirectObject] = {}

    def document(self) -> bytes:
        for source in self.reader.pages:
            self.page(source)
        self.writer.metadata = None  # no document information dictionary, not even /Producer
        out = io.BytesIO()
        self.writer.write(out)
        return out.getvalue()

    def page(self, source: Any) -> None:
        media = source.mediabox
        page = self.writer.add_blank_page(width=float(media.width), height=float(media.height))
        page[NameObject("/MediaBox")] = _numbers(media)
        if "/CropBox" in source:
            page[NameObject("/CropBox")] = _numbers(source.cropbox)
        if source.rotation:
            page[NameObject("/Rotate")] = NumberObject(source.rotation)
        if "/UserUnit" in source:
            page[NameObject("/UserUnit")] = FloatObject(float(source["/UserUnit"]))
        resources = self.resources(source.get("/Resources"))
        content = self.content(source.get("/Contents"))
        stamps = self.annotation_appearances(source, resources)
        if stamps:
            content = b"q\n" + content + b"\nQ\n" + stamps
        page[NameObject("/Resources")] = resources
        page[NameObject("/Contents")] = self.writer._add_object(_flate(StreamObject(), content))

    def resources(self, source: Any) -> DictionaryObject:
        """A fresh dictionary for each page or form, so drawn annotations are added to that one only."""
        source = _resolve(source)
        made = DictionaryObject()
        if not isinstance(source, DictionaryObject):
            return made
        for key in PAGE_RESOURCES:
            value = _resolve(source.get(key))
            if isinstance(value, DictionaryObject):
                made[NameObject(key)] = DictionaryObject(
                    {NameObject(name): self.copy(item) for name, item in value.items()}
                )
            elif key == "/ProcSet" and isinstance(value, ArrayObject):
                made[NameObject(key)] = self.copy(value)
        return made

    def copy(self, value: Any, *, as_form: bool = False) -> Any:
        if isinstance(value, IndirectObject):
            key = (value.idnum, value.generation)
            if key not in self.copied:
                target = value.get_object()
                if isinstance(target, StreamObject):
                    made: Any = StreamObject()
                elif isinstance(target, ArrayObject):
                    made = ArrayObject()
                elif isinstance(target, DictionaryObject):
                    made = DictionaryObject()
                else:
                    return self.copy(target)
                # Registered before filling, so an object that refers back to itself is copied once.
                self.copied[key] = self.writer._add_object(made)
                self.fill(made, target, as_form=as_form)
            return self.copied[key]
        if isinstance(value, StreamObject):
            made = StreamObject()
            self.fill(made, value, as_form=as_form)
            return self.writer._add_object(made)
        if isinstance(value, (DictionaryObject, ArrayObject)):
            made = ArrayObject() if isinstance(value, ArrayObject) else DictionaryObject()
            self.fill(made, value)
            return made
        return value  # names, numbers, strings, booleans and null hold nothing else

    def fill(self, made: Any, source: Any, *, as_form: bool = False) -> None:
        if isinstance(source, StreamObject):
            subtype = source.get("/Subtype")
            if subtype == "/Image":
                self.image(made, source)
            elif as_form or subtype == "/Form" or source.get("/PatternType") == 1:
                self.form(made, source)
            elif subtype == "/PS":  # a PostScript XObject: printers only, draws nothing on screen
                made[NameObject("/BBox")] = _numbers([0, 0, 0, 0])
                self.form(made, DecodedStreamObject())
            else:  # font programs, functions, CMaps: their data, decoded and compressed again
                self.entries(made, source)
                _flate(made, source.get_data())
        elif isinstance(source, ArrayObject):
            if len(source) == 2 and source[0] == "/ICCBased":
                # The profile's description can name the camera or scanner; the plain space is enough.
                components = int(_resolve(source[1]).get("/N", 3))
                made.extend([NameObject(ICC_AS_DEVICE.get(components, "/DeviceRGB"))])
                return
            made.extend(self.copy(item) for item in source)
        else:
            self.entries(made, source)

    def entries(self, made: DictionaryObject, source: DictionaryObject) -> None:
        for key, value in source.items():
            if key in DROPPED:
                continue
            if key == "/CharProcs":  # a Type 3 font's glyphs are content streams too
                procs = DictionaryObject()
                for name, proc in _resolve(value).items():
                    procs[NameObject(name)] = self.copy(proc, as_form=True)
                made[NameObject(key)] = procs
            else:
                made[NameObject(key)] = self.copy(value)

    def form(self, made: StreamObject, source: StreamObject) -> None:
        for key in FORM_KEYS:
            if key in source:
                made[NameObject(key)] = self.copy(source[key])
        if "/Resources" in source:
            made[NameObject("/Resources")] = self.resources(source["/Resources"])
        if "/Subtype" not in made and "/PatternType" not in source:
            made[NameObject("/Type")] = NameObject("/XObject")
            made[NameObject("/Subtype")] = NameObject("/Form")
        if "/PatternType" in source:  # a tiling pattern: a content stream with a few keys of its own
            for key in ("/Type", "/PatternType", "/PaintType", "/TilingType", "/BBox", "/XStep", "/YStep"):
                if key in source:
                    made[NameObject(key)] = self.copy(source[key])
        _flate(made, self.content(source))

    def content(self, source: Any) -> bytes:
        """Re-written from its operators: comments and marked-content tags (with their property lists)
        are left out; what is drawn is the same."""
        source = _resolve(source)
        if source is None or isinstance(source, NullObject):
            return b""
        stream = ContentStream(source, self.reader)
        kept = []
        for operands, operator in stream.operations:
            if operator in MARKED_CONTENT:
                continue
            if operator == b"INLINE IMAGE":
                operands = _inline_image(operands)
            kept.append((operands, operator))
        stream.operations = kept
        return stream.get_data()

    def image(self, made: StreamObject, source: StreamObject) -> None:
        """Pixels only: a JPEG's EXIF, XMP and ICC segments, and the image dictionary's own metadata,
        stay behind."""
        uploads.check_pixels(int(source["/Width"]), int(source["/Height"]), max_pixels=MAX_PIXELS)
        for key in IMAGE_KEYS:
            if key in source:
                made[NameObject(key)] = self.copy(source[key])
        filters = _filters(source.get("/Filter"))
        if set(filters) <= SAMPLE_FILTERS:
            _flate(made, source.get_data())
        elif filters[-1] in JPEG_FILTERS and set(filters[:-1]) <= SAMPLE_FILTERS:
            jpeg, space = _fresh_jpeg(source.get_data())
            made[NameObject("/ColorSpace")] = NameObject(space)
            made[NameObject("/BitsPerComponent")] = NumberObject(8)
            made.pop("/Decode", None)
            made._data = jpeg
            made[NameObject("/Filter")] = NameObject("/DCTDecode")
        elif filters == ["/JPXDecode"]:
            with _open_image(source._data) as picture:
                has_alpha = picture.mode in ("RGBA", "LA")
                alpha = picture.getchannel("A") if has_alpha else None
                plain = picture.convert("L" if picture.mode in ("1", "L", "LA", "I;16") else "RGB")
            made[NameObject("/ColorSpace")] = NameObject("/DeviceGray" if plain.mode == "L" else "/DeviceRGB")
            made[NameObject("/BitsPerComponent")] = NumberObject(8)
            made.pop("/Decode", None)
            if alpha is not None and "/SMask" not in made:
                mask = StreamObject()
                mask.update(_image_keys(alpha.size, "/DeviceGray"))
                made[NameObject("/SMask")] = self.writer._add_object(_flate(mask, alpha.tobytes()))
            _flate(made, plain.tobytes())
        elif filters in (["/CCITTFaxDecode"], ["/CCF"]):
            # Fax-coded black and white: nothing but run lengths, copied with the parameters that read them.
            params = _resolve(source.get("/DecodeParms"))
            if isinstance(params, DictionaryObject):
                made[NameObject("/DecodeParms")] = self.copy(params)
            made._data = source._data
            made[NameObject("/Filter")] = NameObject("/CCITTFaxDecode")
        else:  # JBIG2 (which can carry text segments) and anything unknown
            raise Refused(CANNOT_CLEAN)

    def annotation_appearances(self, source: Any, resources: DictionaryObject) -> bytes:
        """Form answers, stamps and drawings are part of what the page shows: their appearance is drawn
        onto the page, and the annotation (author, dates, replies, actions) is left behind."""
        drawn = []
        xobjects = resources.setdefault(NameObject("/XObject"), DictionaryObject())
        for index, ref in enumerate(_resolve(source.get("/Annots")) or []):
            annotation = _resolve(ref)
            if not isinstance(annotation, DictionaryObject) or annotation.get("/Subtype") in NOT_DRAWN:
                continue
            if int(annotation.get("/F", 0)) & (HIDDEN | NO_VIEW):
                continue
            appearance = _normal_appearance(annotation)
            if appearance is None or "/Rect" not in annotation:
                continue
            placed = _placement(_resolve(appearance), [float(v) for v in _resolve(annotation["/Rect"])])
            if placed is None:
                continue
            name = NameObject(f"/RampartAnnotation{index}")
            xobjects[name] = self.copy(appearance, as_form=True)
            drawn.append(f"q {placed} cm {name} Do Q".encode())
        return b"\n".join(drawn)


def _normal_appearance(annotation: DictionaryObject) -> Any:
    """The (unresolved) stream the annotation is normally seen as; for a tick box, its current state's."""
    appearances = _resolve(annotation.get("/AP"))
    if not isinstance(appearances, DictionaryObject) or "/N" not in appearances:
        return None
    normal = appearances.raw_get("/N")
    states = _resolve(normal)
    if isinstance(states, DictionaryObject) and not isinstance(states, StreamObject):
        state = annotation.get("/AS")
        normal = states.raw_get(state) if state in states else None
    return normal if isinstance(_resolve(normal), StreamObject) else None


def _placement(appearance: StreamObject, rect: list[float]) -> str | None:
    """The matrix that fits the appearance's box (after its own matrix) to the annotation's rectangle
    (ISO 32000 12.5.5)."""
    x0, y0, x1, y1 = [float(v) for v in _resolve(appearance.get("/BBox", [0, 0, 0, 0]))]
    a, b, c, d, e, f = [float(v) for v in _resolve(appearance.get("/Matrix", [1, 0, 0, 1, 0, 0]))]
    corners = [(a * x + c * y + e, b * x + d * y + f) for x in (x0, x1) for y in (y0, y1)]
    left, right = min(p[0] for p in corners), max(p[0] for p in corners)
    bottom, top = min(p[1] for p in corners), max(p[1] for p in corners)
    r_left, r_right = sorted((rect[0], rect[2]))
    r_bottom, r_top = sorted((rect[1], rect[3]))
    if right - left <= 0 or top - bottom <= 0:
        return None
    sx, sy = (r_right - r_left) / (right - left), (r_top - r_bottom) / (top - bottom)
    return f"{sx:.6f} 0 0 {sy:.6f} {r_left - left * sx:.4f} {r_bottom - bottom * sy:.4f}"


def _inline_image(operands: dict[str, Any]) -> dict[str, Any]:
    settings = operands["settings"]
    width = int(settings.get("/W", settings.get("/Width", 0)))
    height = int(settings.get("/H", settings.get("/Height", 0)))
    uploads.check_pixels(width, height, max_pixels=MAX_PIXELS)
    kept = DictionaryObject({NameObject(k): v for k, v in settings.items() if k in INLINE_IMAGE_KEYS})
    filters = _filters(kept.get("/F", kept.get("/Filter")))
    if set(filters) <= SAMPLE_FILTERS or filters in (["/CCITTFaxDecode"], ["/CCF"]):
        return {"settings": kept, "data": operands["data"]}
    if filters not in (["/DCTDecode"], ["/DCT"]):
        raise Refused(CANNOT_CLEAN)
    jpeg, space = _fresh_jpeg(operands["data"])
    for key in ("/CS", "/ColorSpace", "/BPC", "/BitsPerComponent", "/D", "/Decode", "/Filter", "/DP"):
        kept.pop(key, None)
    kept[NameObject("/CS")] = NameObject("/G" if space == "/DeviceGray" else "/RGB")
    kept[NameObject("/BPC")] = NumberObject(8)
    kept[NameObject("/F")] = NameObject("/DCT")
    return {"settings": kept, "data": jpeg}


def _fresh_jpeg(data: bytes) -> tuple[bytes, str]:
    """A new JPEG from the decoded pixels: no APP1 (EXIF, XMP), APP2 (ICC) or comment segments."""
    with _open_image(data) as picture:
        plain = picture.convert("L" if picture.mode in ("1", "L") else "RGB")
    out = io.BytesIO()
    plain.save(out, format="JPEG", quality=90)
    return out.getvalue(), "/DeviceGray" if plain.mode == "L" else "/DeviceRGB"


def _image_keys(size: tuple[int, int], space: str) -> dict[NameObject, Any]:
    return {
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Image"),
        NameObject("/Width"): NumberObject(size[0]),
        NameObject("/Height"): NumberObject(size[1]),
        NameObject("/ColorSpace"): NameObject(space),
        NameObject("/BitsPerComponent"): NumberObject(8),
    }


def _flate(stream: StreamObject, data: bytes) -> StreamObject:
    stream._data = zlib.compress(data)
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    return stream


def _filters(value: Any) -> list[str]:
    value = _resolve(value)
    if value is None or isinstance(value, NullObject):
        return []
    return [str(_resolve(v)) for v in value] if isinstance(value, ArrayObject) else [str(value)]


def _numbers(box: Iterable[Any]) -> ArrayObject:
    return ArrayObject(FloatObject(float(v)) for v in box)


def _resolve(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value
