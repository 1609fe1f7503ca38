// The shape of a contract warning alone, with no imports: the MSW entry's published types reach it.

/** A request served although our targets did not expect it: what the `onWarning` option receives. */
export interface ContractWarningEvent {
  method: string;
  path: string;
  /** The `X-Contract-Warning` header's value. */
  warning: string;
}
