// The part of the punycode package (RFC 3492) the address code uses; the package ships no types.
declare module 'punycode/punycode.es6.js' {
  const punycode: {
    /** The Unicode text of a label's part after `xn--`; throws RangeError on invalid input. */
    decode(input: string): string;
  };
  export default punycode;
}
