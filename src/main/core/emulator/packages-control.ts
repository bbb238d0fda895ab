import { z } from 'zod';
import type { ProfilePackage } from './profile';

/**
 * `POST /__emulator/packages`: the packages a test wants, e.g. 10 segments left so a batch runs
 * out half way, then a top-up. Times are optional: a package is created and effective an hour
 * before now (business clock) and expires in a year unless told otherwise (seconds).
 */
const packageInputSchema = z.object({
  packageId: z.number().int().optional(),
  /** 0 gift, 1 purchased. */
  packageType: z.number().int().min(0).max(1).default(1),
  amount: z.number().int().nonnegative(),
  used: z.number().int().nonnegative().default(0),
  createTime: z.number().int().optional(),
  effectiveTime: z.number().int().optional(),
  expiredTime: z.number().int().optional(),
});

export const packagesInputSchema = z.object({ packages: z.array(packageInputSchema).max(100) });

export function toProfilePackages(
  input: z.infer<typeof packagesInputSchema>,
  now: number,
): ProfilePackage[] {
  const nowS = Math.floor(now / 1000);
  return input.packages.map((p, i) => ({
    packageId: p.packageId ?? 900_001 + i,
    packageType: p.packageType,
    amount: p.amount,
    used: Math.min(p.used, p.amount),
    createTime: p.createTime ?? nowS - 3600,
    effectiveTime: p.effectiveTime ?? p.createTime ?? nowS - 3600,
    expiredTime: p.expiredTime ?? nowS + 365 * 86_400,
  }));
}
