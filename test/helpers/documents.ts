/** Documents made byte by byte for tests: PDFs (a scanned page with no text; text pages with running headers), an old Word file. */
import { crc32, deflateRawSync } from 'node:zlib';

function pdf(objects: string[]): Buffer {
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

export function scannedPdf(): Buffer {
  const pixels = '\x00\xff\xff\x00';
  const draw = 'q 500 700 0 0 50 80 cm /Im1 Do Q';
  return pdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${draw.length} >>\nstream\n${draw}\nendstream`,
    `<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length ${pixels.length} >>\nstream\n${pixels}\nendstream`,
  ]);
}

/** The first bytes of an old binary Word file (Compound File Binary), as Word 97–2003 writes it. */
/** An Office 97–2003 file: the Compound File signature and a directory entry naming its main stream (UTF-16LE). */
export function officeFile(stream: 'WordDocument' | 'Workbook' | 'PowerPoint Document' | null): Buffer {
  const file = Buffer.alloc(2048);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(file);
  if (stream) Buffer.from(stream, 'utf16le').copy(file, 1024);
  return file;
}

export const oldWordDoc = () => officeFile('WordDocument');

const pdfString = (s: string) => `(${s.replace(/[()\\]/g, (c) => `\\${c}`)})`;

/** A PDF of ASCII text pages (Helvetica): each page's lines top down, and on every page a running header and a page number. */
export function textPdf(pages: string[][], header: string): Buffer {
  const pageObjects: string[] = [];
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '', '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'];
  pages.forEach((lines, i) => {
    const text = (x: number, y: number, s: string) => `BT /F1 12 Tf ${x} ${y} Td ${pdfString(s)} Tj ET`;
    const stream = [
      text(72, 810, header),
      ...lines.map((l, j) => text(72, 740 - 20 * j, l)),
      text(290, 30, `- ${i + 1} -`),
    ].join('\n');
    const contents = objects.length + 2;
    pageObjects.push(`${objects.length + 1} 0 R`);
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${contents} 0 R >>`,
    );
    objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  });
  objects[1] = `<< /Type /Pages /Kids [${pageObjects.join(' ')}] /Count ${pages.length} >>`;
  return pdf(objects);
}

/** A ZIP file of these parts, deflated (what Word writes). */
export function zipFile(parts: { name: string; bytes: Buffer }[]): Buffer {
  const local: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const zipped = deflateRawSync(p.bytes);
    const name = Buffer.from(p.name);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(8, 8);
    header.writeUInt32LE(crc32(p.bytes), 14);
    header.writeUInt32LE(zipped.length, 18);
    header.writeUInt32LE(p.bytes.length, 22);
    header.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc32(p.bytes), 16);
    entry.writeUInt32LE(zipped.length, 20);
    entry.writeUInt32LE(p.bytes.length, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    local.push(header, name, zipped);
    directory.push(entry, name);
    offset += header.length + name.length + zipped.length;
  }
  const dir = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, dir, end]);
}
