/**
 * Special functions shared by the layers above core (no dependencies).
 *
 * ln Γ(x): the Lanczos approximation with g = 7 and nine coefficients (Lanczos 1964, SIAM J. Numer.
 * Anal. B 1:86; the coefficient set of Press et al., Numerical Recipes, 3rd ed., §6.1), about 15
 * significant digits for x > 0, with the reflection formula Γ(x)Γ(1 − x) = π / sin(πx) below 0.5.
 */

/** ln Γ(x) for x > 0 (Lanczos approximation, g = 7, nine coefficients; ~15 significant digits). */
export function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}
