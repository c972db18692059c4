/** The paging fields of every list answer; each list has a subclass naming its `items`. */
export abstract class PageDto {
  total: number;
  limit: number;
  offset: number;
}
