/** The parts of jstat (no types of its own) that solh uses: distribution functions for the tests across data sets. */
declare module 'jstat' {
  interface Cdf { cdf(x: number, ...params: number[]): number }
  export const jStat: {
    /** Studentised range: cdf(q, nmeans, df), inv(p, nmeans, df); df may be Infinity. */
    tukey: Cdf & { inv(p: number, nmeans: number, df: number): number };
    chisquare: Cdf;
    centralF: Cdf;
  };
}
