/** FetchXML errors in Dataverse's shape: QueryBuilder… codes, all 400. */
import { DataverseError } from "../../errors";

export class FetchXmlError extends DataverseError {
  constructor(
    override readonly code: string,
    message: string,
  ) {
    super("BadRequestSyntax", message);
  }
}

export const invalidFetch = (message: string): FetchXmlError => new FetchXmlError("0x80041102", message);
export const noAttribute = (entity: string, name: string): FetchXmlError =>
  new FetchXmlError(
    "0x80041103",
    `'${entity}' entity doesn't contain attribute with Name = '${name}' and NameMapping = 'Logical'.`,
  );
