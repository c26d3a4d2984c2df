// Recognises Prisma errors by code: each generated client has its own runtime, so
// `instanceof Prisma.PrismaClientKnownRequestError` would only match one provider.

export function prismaCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^P\d{4}$/.test(code) ? code : undefined;
}

/** A unique or primary key constraint refused the write. */
export function isUniqueViolation(error: unknown): boolean {
  return prismaCode(error) === 'P2002';
}

/** An update or delete found no row matching its where (including version checks). */
export function isRecordNotFound(error: unknown): boolean {
  return prismaCode(error) === 'P2025';
}
