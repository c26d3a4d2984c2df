// Recognises Prisma errors by code: each generated client has its own runtime, so
// `instanceof Prisma.PrismaClientKnownRequestError` would only match one provider.

export function prismaCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^P\d{4}$/.test(code) ? code : undefined;
}

/** The same refusal from the drivers, for statements run on them directly (DirectSql). */
const DRIVER_UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY', '23505']);

/** A unique or primary key constraint refused the write. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return prismaCode(error) === 'P2002' || (typeof code === 'string' && DRIVER_UNIQUE_CODES.has(code));
}

/** An update or delete found no row matching its where (including version checks). */
export function isRecordNotFound(error: unknown): boolean {
  return prismaCode(error) === 'P2025';
}
