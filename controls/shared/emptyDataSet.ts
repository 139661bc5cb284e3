/**
 * A loaded data set with no records, for hosts that have no Dataverse view behind a dataset control: the local host
 * page and the tests. Paging, filtering, linking and selection do nothing.
 */
export function emptyDataSet(targetEntityType: string, title = ""): ComponentFramework.PropertyTypes.DataSet {
  let filter: ComponentFramework.PropertyHelper.DataSetApi.FilterExpression = { conditions: [], filterOperator: 0 };
  const noop = (): void => undefined;
  return {
    columns: [],
    error: false,
    errorMessage: "",
    filtering: {
      getFilter: () => filter,
      setFilter: (expression) => {
        filter = expression;
      },
      clearFilter: () => {
        filter = { conditions: [], filterOperator: 0 };
      },
    },
    linking: { getLinkedEntities: () => [], addLinkedEntity: noop },
    loading: false,
    paging: {
      totalResultCount: 0,
      firstPageNumber: 1,
      lastPageNumber: 1,
      pageSize: 50,
      hasNextPage: false,
      hasPreviousPage: false,
      loadNextPage: noop,
      loadPreviousPage: noop,
      reset: noop,
      setPageSize: noop,
      loadExactPage: noop,
    },
    records: {},
    sortedRecordIds: [],
    sorting: [],
    clearSelectedRecordIds: noop,
    getSelectedRecordIds: () => [],
    getTargetEntityType: () => targetEntityType,
    getTitle: () => title,
    getViewId: () => "",
    openDatasetItem: noop,
    refresh: noop,
    setSelectedRecordIds: noop,
  };
}
