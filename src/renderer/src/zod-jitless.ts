// The CSP forbids eval (script-src 'self'). zod probes for it with `new Function` before its
// first object parse, which the browser reports as a CSP violation; parse without the JIT.
import { z } from 'zod';

z.config({ jitless: true });
