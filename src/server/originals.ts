/**
 * GET /reports/<id>/original: the file a stored report was read from, for people to check a number against the page
 * it was printed on. The request names a report id, never a path: the path is the one recorded at ingest. The file is
 * sent only while it still has the bytes that were parsed (SHA-256 checked on the open file, which is then sent), and
 * always as a download in a sandbox, so a saved web page cannot run scripts on this origin.
 */
import { createHash } from 'node:crypto';
import { type FileHandle, open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import express, { type Request, type Response } from 'express';
import type { DataSource } from 'typeorm';
import { originalOf, type StoredOriginal } from '../query/originals';

export const ORIGINALS_PATH = '/reports';

/** Larger files are not served (ingest does not read them either). */
export const MAX_ORIGINAL_BYTES = 200 * 1024 * 1024;

const TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html',
  text: 'text/plain',
};

function contentType(kind: string, encoding: string | null): string {
  const type = TYPES[kind] ?? 'application/octet-stream';
  return type.startsWith('text/') && encoding ? `${type}; charset=${encoding}` : type;
}

/** The open file and its size, or why it cannot be served. */
async function openOriginal(stored: StoredOriginal): Promise<{ handle: FileHandle; size: number } | string> {
  if (!stored.path) return 'where its file was read from was not recorded; ingest the file again';
  const handle = await open(stored.path, 'r').catch(() => undefined);
  if (!handle) return 'its original file is no longer where it was ingested from';
  const s = await handle.stat();
  let why: string | undefined;
  if (!s.isFile() || s.size > MAX_ORIGINAL_BYTES) why = 'its original file cannot be served';
  else {
    const hash = createHash('sha256');
    for await (const chunk of handle.createReadStream({ start: 0, autoClose: false })) hash.update(chunk);
    if (hash.digest('hex') !== stored.sha256) why = 'its original file has changed since it was ingested';
  }
  if (why === undefined) return { handle, size: s.size };
  await handle.close();
  return why;
}

export function originalsRouter(ds: DataSource): express.Router {
  const router = express.Router();
  router.get('/:id/original', async (req: Request<{ id: string }>, res: Response) => {
    const stored = /^\d{1,9}$/.test(req.params.id) ? await originalOf(ds, Number(req.params.id)) : undefined;
    const opened = stored ? await openOriginal(stored) : 'no such report';
    if (typeof opened === 'string') {
      res.status(404).json({ error: `report ${req.params.id}: ${opened}` });
      return;
    }
    try {
      res.attachment(stored!.file);
      res.type(contentType(stored!.kind, stored!.encoding));
      res.setHeader('Content-Length', String(opened.size));
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Content-Security-Policy', 'sandbox');
      res.setHeader('Cache-Control', 'no-cache');
      // A client that goes away mid-download ends the stream; there is nothing to answer any more.
      await pipeline(opened.handle.createReadStream({ start: 0, autoClose: false }), res).catch(() => res.destroy());
    } finally {
      await opened.handle.close();
    }
  });
  return router;
}
