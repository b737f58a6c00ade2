// d3-node ships no type declarations; this is the part byzsim uses.
declare module 'd3-node' {
  interface D3NodeOptions {
    styles?: string;
    selector?: string;
    container?: string;
  }
  class D3Node {
    constructor(options?: D3NodeOptions);
    // d3 v7's namespace; typed loosely because @types/d3 is not a dependency.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    readonly d3: any;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    createSVG(width?: number, height?: number, attrs?: Record<string, unknown>): any;
    svgString(): string;
  }

  export { D3Node };
}
