"""A PDF carrying every kind of hidden information a reporter's file might hold, and a walk over every
object of a PDF (streams decoded) to show what is left after cleaning."""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator

from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

PHOTOGRAPHER = "Jane Smith Photographer"
CAMERA = "PhoneMakerX"
GPS_POINTER = b"\x88\x25\x00\x04"  # EXIF tag 0x8825 (the GPS IFD), type LONG, big-endian as Pillow writes it
XMP_CREATOR = "XMP Jane Smith Creator"
PAGE_XMP = "XMP Page Secret"
IMAGE_XMP = "XMP Image Secret"
JPEG_XMP = "XMP Inside The JPEG"
ANNOTATION_AUTHOR = "Dr Annotation Author"
ANNOTATION_NOTE = "Reply Comment Secret"
EMBEDDED_CONTENT = b"EMBEDDED FILE SECRET CONTENT"
SCRIPT = "JAVASCRIPT SECRET"
INFO_AUTHOR = "Info Author Jane"
COMMENT = "Content Comment Jane"
ACTUAL_TEXT = "Marked Content Secret"
VISIBLE_TEXT = "Statement of events"
IMAGE_SIZE = (64, 48)

SECRETS = [
    PHOTOGRAPHER, CAMERA, XMP_CREATOR, PAGE_XMP, IMAGE_XMP, JPEG_XMP, ANNOTATION_AUTHOR, ANNOTATION_NOTE,
    EMBEDDED_CONTENT.decode(), SCRIPT, INFO_AUTHOR, COMMENT, ACTUAL_TEXT,
]  # fmt: skip
FORBIDDEN_KEYS = {
    "/Metadata", "/Annots", "/EmbeddedFiles", "/JavaScript", "/JS", "/OpenAction", "/AA", "/AcroForm",
    "/PieceInfo", "/Names", "/StructTreeRoot", "/Author", "/Creator", "/Producer", "/T",
}  # fmt: skip


def xmp(text: str) -> bytes:
    return (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
        f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>{text}</dc:creator></rdf:Description>'
        '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    ).encode()


def photo_with_exif_and_gps() -> bytes:
    image = Image.new("RGB", IMAGE_SIZE, "teal")
    for x in range(0, IMAGE_SIZE[0], 4):
        image.putpixel((x, 10), (250, 200, 0))
    exif = Image.Exif()
    exif[0x013B] = PHOTOGRAPHER  # Artist
    exif[0x010F] = CAMERA  # Make
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (51.0, 30.0, 12.0)
    gps[3] = "W"
    gps[4] = (0.0, 7.0, 39.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes(), xmp=xmp(JPEG_XMP))
    return out.getvalue()


def _stream(writer: PdfWriter, data: bytes, **entries: object) -> object:
    stream = DecodedStreamObject()
    stream.set_data(data)
    stream.update({NameObject(f"/{k}"): v for k, v in entries.items()})
    return writer._add_object(stream)


def crafted_pdf() -> bytes:
    writer = PdfWriter()
    page = writer.add_blank_page(width=300, height=300)
    jpeg = StreamObject()
    jpeg._data = photo_with_exif_and_gps()
    jpeg.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Image"),
            NameObject("/Width"): NumberObject(IMAGE_SIZE[0]),
            NameObject("/Height"): NumberObject(IMAGE_SIZE[1]),
            NameObject("/ColorSpace"): NameObject("/DeviceRGB"),
            NameObject("/BitsPerComponent"): NumberObject(8),
            NameObject("/Filter"): NameObject("/DCTDecode"),
            NameObject("/Metadata"): _stream(writer, xmp(IMAGE_XMP), Type=NameObject("/Metadata")),
        }
    )
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {
            NameObject("/XObject"): DictionaryObject({NameObject("/Im0"): writer._add_object(jpeg)}),
            NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)}),
        }
    )
    content = (
        f"% {COMMENT}\n"
        f"/Span <</ActualText ({ACTUAL_TEXT})>> BDC\n"
        f"BT /F1 14 Tf 40 250 Td ({VISIBLE_TEXT}) Tj ET\n"
        "EMC\n"
        "q 128 0 0 96 40 100 cm /Im0 Do Q\n"
    ).encode()
    page[NameObject("/Contents")] = _stream(writer, content)
    page[NameObject("/Metadata")] = _stream(writer, xmp(PAGE_XMP), Type=NameObject("/Metadata"))
    page[NameObject("/PieceInfo")] = DictionaryObject(
        {NameObject("/App"): DictionaryObject({NameObject("/Private"): TextStringObject(PHOTOGRAPHER)})}
    )
    page[NameObject("/AA")] = DictionaryObject(
        {
            NameObject("/O"): DictionaryObject(
                {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(SCRIPT)}
            )
        }
    )
    box = _stream(
        writer,
        b"1 0 0 RG 2 w 1 1 58 18 re S",
        Type=NameObject("/XObject"),
        Subtype=NameObject("/Form"),
        BBox=ArrayObject([FloatObject(0), FloatObject(0), FloatObject(60), FloatObject(20)]),
    )
    square = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Square"),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (200, 200, 260, 220)]),
            NameObject("/T"): TextStringObject(ANNOTATION_AUTHOR),
            NameObject("/Contents"): TextStringObject(ANNOTATION_NOTE),
            NameObject("/AP"): DictionaryObject({NameObject("/N"): box}),
        }
    )
    note = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Text"),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (10, 10, 30, 30)]),
            NameObject("/T"): TextStringObject(ANNOTATION_AUTHOR),
            NameObject("/Contents"): TextStringObject(ANNOTATION_NOTE),
        }
    )
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(square), writer._add_object(note)])
    writer.add_attachment("hidden.txt", EMBEDDED_CONTENT)
    root = writer._root_object
    script = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(SCRIPT)}
    )
    root["/Names"][NameObject("/JavaScript")] = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("startup"), writer._add_object(script)])}
    )
    root[NameObject("/OpenAction")] = writer._add_object(
        DictionaryObject(
            {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(SCRIPT)}
        )
    )
    root[NameObject("/Metadata")] = _stream(writer, xmp(XMP_CREATOR), Type=NameObject("/Metadata"))
    writer.add_metadata({"/Author": INFO_AUTHOR, "/Creator": INFO_AUTHOR})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def big_image_pdf(width: int, height: int) -> bytes:
    """One page holding a black-and-white image that declares width x height (a few KB compressed)."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=200, height=200)
    image = StreamObject()
    image._data = zlib.compress(bytes(((width + 7) // 8) * height), 9)
    image.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Image"),
            NameObject("/Width"): NumberObject(width),
            NameObject("/Height"): NumberObject(height),
            NameObject("/ColorSpace"): NameObject("/DeviceGray"),
            NameObject("/BitsPerComponent"): NumberObject(1),
            NameObject("/Filter"): NameObject("/FlateDecode"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/XObject"): DictionaryObject({NameObject("/Im0"): writer._add_object(image)})}
    )
    page[NameObject("/Contents")] = _stream(writer, b"q 200 0 0 200 0 0 cm /Im0 Do Q")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def every_object(data: bytes) -> Iterator[tuple[set[str], bytes]]:
    """For each object in the file (object streams included): the keys it holds at any depth, and its
    strings and decoded stream data, as bytes."""
    reader = PdfReader(io.BytesIO(data))
    yield _keys(reader.trailer), _strings(reader.trailer)
    for number in range(1, int(reader.trailer["/Size"])):
        obj = reader.get_object(number)
        if obj is None:
            continue
        data = obj.get_data() if isinstance(obj, StreamObject) else b""
        yield _keys(obj), data + b"\n" + _strings(obj)


def _strings(obj: object) -> bytes:
    if isinstance(obj, TextStringObject):
        return obj.encode("utf-8") + b"\n"
    if isinstance(obj, ByteStringObject):
        return bytes(obj) + b"\n"
    if isinstance(obj, DictionaryObject):
        return b"".join(_strings(v) for v in obj.values())
    if isinstance(obj, ArrayObject):
        return b"".join(_strings(v) for v in obj)
    return b""


def _keys(obj: object) -> set[str]:
    found: set[str] = set()
    if isinstance(obj, DictionaryObject):
        for key, value in obj.items():
            found.add(str(key))
            found |= _keys(value)
    elif isinstance(obj, ArrayObject):
        for value in obj:
            found |= _keys(value)
    return found
