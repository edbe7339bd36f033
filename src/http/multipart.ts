import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

export type MultipartForm = {
  fields: Record<string, string>;
  files: { field: string; filename: string | null; data: Buffer }[];
};

const FIELD_BYTES = 256 * 1024;

/**
 * Reads a whole multipart body into memory within hard limits (the plugin does not bound the total):
 * files, fields and per-file size from the route's options; a breach is a 413/400 AppError.
 */
export async function readMultipart(
  request: FastifyRequest,
  limits: { fileBytes: number; files: number; totalBytes: number },
): Promise<MultipartForm> {
  const form: MultipartForm = { fields: {}, files: [] };
  let total = 0;
  try {
    for await (const part of request.parts({
      limits: {
        fileSize: limits.fileBytes,
        files: limits.files,
        fields: 30,
        fieldSize: FIELD_BYTES,
        parts: limits.files + 30,
      },
    })) {
      if (part.type === 'file') {
        const data = await part.toBuffer();
        total += data.length;
        if (total > limits.totalBytes)
          throw new AppError('request.too_large', `upload larger than ${limits.totalBytes} bytes`);
        if (data.length > 0)
          form.files.push({ field: part.fieldname, filename: part.filename || null, data });
      } else {
        // The parser cuts a field at fieldSize and only flags it: refused, never taken cut short.
        if (part.valueTruncated)
          throw new AppError(
            'request.too_large',
            `field "${part.fieldname}" is larger than ${FIELD_BYTES} bytes`,
          );
        const value = String(part.value ?? '');
        total += value.length;
        if (total > limits.totalBytes)
          throw new AppError('request.too_large', `upload larger than ${limits.totalBytes} bytes`);
        form.fields[part.fieldname] = value;
      }
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as { code?: string }).code ?? '';
    if (code === 'FST_REQ_FILE_TOO_LARGE')
      throw new AppError('request.too_large', `an attachment is larger than ${limits.fileBytes} bytes`);
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw new AppError('report.invalid', `too many parts: at most ${limits.files} files`);
    }
    throw new AppError('request.invalid', `unreadable multipart body: ${(error as Error).message}`);
  }
  return form;
}
