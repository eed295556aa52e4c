/** Coder's error body (codersdk.Response). */
export interface ValidationError {
  field: string;
  detail: string;
}

export interface Response {
  message: string;
  detail?: string;
  validations?: ValidationError[];
}
