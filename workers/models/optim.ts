/**
 * Small unconstrained optimizers for the model fits (GARCH MLE, Prophet-style MAP). npm has no
 * well-kept typed optimizer package (fmin is unmaintained since 2017), so these are implemented
 * here and tested against known minima (optim.test.ts).
 *
 * - lbfgs: limited-memory BFGS with a backtracking Armijo line search; gradient analytic or by
 *   central differences.
 * - nelderMead: derivative-free simplex, used to get near the basin before L-BFGS polishes.
 */
export type Objective = (x: readonly number[]) => number;
export type Gradient = (x: readonly number[]) => number[];

export interface OptimResult {
  x: number[];
  f: number;
  iterations: number;
  converged: boolean;
}

/** Central-difference gradient with a step scaled to each coordinate. */
export function numericGradient(f: Objective, step = 1e-6): Gradient {
  return (x) => {
    const g = new Array<number>(x.length);
    const xp = [...x];
    for (let i = 0; i < x.length; i++) {
      const xi = x[i]!;
      const hi = step * Math.max(1, Math.abs(xi));
      xp[i] = xi + hi;
      const fp = f(xp);
      xp[i] = xi - hi;
      const fm = f(xp);
      xp[i] = xi;
      g[i] = (fp - fm) / (2 * hi);
    }
    return g;
  };
}

const dot = (a: readonly number[], b: readonly number[]): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

export interface LbfgsOptions {
  gradient?: Gradient;
  memory?: number;
  maxIterations?: number;
  /** Stop when the max-norm of the gradient falls below this. */
  gradTol?: number;
  /** Stop when the relative decrease of f falls below this. */
  fTol?: number;
}

export function lbfgs(f: Objective, x0: readonly number[], options: LbfgsOptions = {}): OptimResult {
  const grad = options.gradient ?? numericGradient(f);
  const m = options.memory ?? 8;
  const maxIt = options.maxIterations ?? 500;
  const gradTol = options.gradTol ?? 1e-8;
  const fTol = options.fTol ?? 1e-13;
  let x = [...x0];
  let fx = f(x);
  if (!Number.isFinite(fx)) throw new Error('lbfgs: objective is not finite at the start point');
  let g = grad(x);
  const sHist: number[][] = [];
  const yHist: number[][] = [];
  const rhoHist: number[] = [];
  let it = 0;
  for (; it < maxIt; it++) {
    if (Math.max(...g.map(Math.abs)) < gradTol) return { x, f: fx, iterations: it, converged: true };
    // Two-loop recursion: d = -H g.
    const q = [...g];
    const alpha = new Array<number>(sHist.length);
    for (let i = sHist.length - 1; i >= 0; i--) {
      alpha[i] = rhoHist[i]! * dot(sHist[i]!, q);
      for (let j = 0; j < q.length; j++) q[j]! -= alpha[i]! * yHist[i]![j]!;
    }
    const last = sHist.length - 1;
    const gamma = last >= 0 ? dot(sHist[last]!, yHist[last]!) / dot(yHist[last]!, yHist[last]!) : 1 / Math.max(1, Math.sqrt(dot(g, g)));
    for (let j = 0; j < q.length; j++) q[j]! *= gamma;
    for (let i = 0; i < sHist.length; i++) {
      const beta = rhoHist[i]! * dot(yHist[i]!, q);
      for (let j = 0; j < q.length; j++) q[j]! += sHist[i]![j]! * (alpha[i]! - beta);
    }
    let d = q.map((v) => -v);
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // Not a descent direction (curvature information went stale): restart with steepest descent.
      sHist.length = yHist.length = rhoHist.length = 0;
      d = g.map((v) => -v / Math.max(1, Math.sqrt(dot(g, g))));
      slope = dot(g, d);
    }
    // Backtracking Armijo line search.
    let step = 1;
    let xn: number[] = x;
    let fn = Number.POSITIVE_INFINITY;
    for (let k = 0; k < 60; k++) {
      xn = x.map((v, j) => v + step * d[j]!);
      fn = f(xn);
      if (Number.isFinite(fn) && fn <= fx + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!Number.isFinite(fn) || fn > fx) return { x, f: fx, iterations: it, converged: false };
    const gn = grad(xn);
    const s = xn.map((v, j) => v - x[j]!);
    const y = gn.map((v, j) => v - g[j]!);
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      sHist.push(s);
      yHist.push(y);
      rhoHist.push(1 / sy);
      if (sHist.length > m) {
        sHist.shift();
        yHist.shift();
        rhoHist.shift();
      }
    }
    const decrease = fx - fn;
    x = xn;
    g = gn;
    fx = fn;
    if (decrease <= fTol * Math.max(1, Math.abs(fx)) && Math.max(...g.map(Math.abs)) < 1e-4) {
      return { x, f: fx, iterations: it + 1, converged: true };
    }
  }
  return { x, f: fx, iterations: it, converged: false };
}

export interface NelderMeadOptions {
  maxIterations?: number;
  /** Initial simplex step per coordinate. */
  step?: number;
  tol?: number;
}

export function nelderMead(f: Objective, x0: readonly number[], options: NelderMeadOptions = {}): OptimResult {
  const n = x0.length;
  const maxIt = options.maxIterations ?? 200 * n;
  const tol = options.tol ?? 1e-10;
  const step = options.step ?? 0.1;
  const safe = (x: readonly number[]): number => {
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  let simplex: Array<{ x: number[]; f: number }> = [{ x: [...x0], f: safe(x0) }];
  for (let i = 0; i < n; i++) {
    const x = [...x0];
    x[i] = x[i]! + (x[i] !== 0 ? step * Math.abs(x[i]!) : step);
    simplex.push({ x, f: safe(x) });
  }
  let it = 0;
  for (; it < maxIt; it++) {
    simplex.sort((a, b) => a.f - b.f);
    const best = simplex[0]!;
    const worst = simplex[n]!;
    if (Math.abs(worst.f - best.f) <= tol * (Math.abs(best.f) + tol)) break;
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j]! += simplex[i]!.x[j]! / n;
    const along = (t: number): number[] => centroid.map((c, j) => c + t * (worst.x[j]! - c));
    const xr = along(-1);
    const fr = safe(xr);
    if (fr < best.f) {
      const xe = along(-2);
      const fe = safe(xe);
      simplex[n] = fe < fr ? { x: xe, f: fe } : { x: xr, f: fr };
    } else if (fr < simplex[n - 1]!.f) {
      simplex[n] = { x: xr, f: fr };
    } else {
      const xc = fr < worst.f ? along(-0.5) : along(0.5);
      const fc = safe(xc);
      if (fc < Math.min(fr, worst.f)) simplex[n] = { x: xc, f: fc };
      else {
        simplex = simplex.map((p, i) => {
          if (i === 0) return p;
          const x = p.x.map((v, j) => best.x[j]! + 0.5 * (v - best.x[j]!));
          return { x, f: safe(x) };
        });
      }
    }
  }
  simplex.sort((a, b) => a.f - b.f);
  const best = simplex[0]!;
  return { x: best.x, f: best.f, iterations: it, converged: it < maxIt };
}
