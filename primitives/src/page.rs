//! One page of a list that can grow, as every IoTChain runtime API and RPC method returns it.
//!
//! A list is read page by page: the first call passes no cursor, each next call passes the
//! `next` of the page before, and `next` is `None` on the last page. The pallet's read function
//! computes `next` (it reads one item past the page to know whether more follow), so a client
//! never guesses from a full page and never pays for an empty last one.

use alloc::vec::Vec;
use codec::{Decode, Encode};
use scale_info::TypeInfo;

/// Items of one page and the cursor of the page after it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct Page<Item, Cursor> {
	/// The items of this page, in the list's order.
	pub items: Vec<Item>,
	/// What to pass as the cursor to read the next page; `None` after the last page.
	pub next: Option<Cursor>,
}

impl<Item, Cursor> Page<Item, Cursor> {
	/// The first `limit` items of `items` and, if another item follows them, the cursor of the
	/// last one taken: a page whose cursor means "after this item".
	///
	/// `items` should start after the previous page's cursor; only one item past the page is
	/// read.
	pub fn after(
		items: impl IntoIterator<Item = Item>,
		limit: u32,
		cursor_of: impl Fn(&Item) -> Cursor,
	) -> Self {
		let mut items = items.into_iter();
		let page: Vec<Item> =
			items.by_ref().take(usize::try_from(limit).unwrap_or(usize::MAX)).collect();
		let more = items.next().is_some();
		let next = if more { page.last().map(cursor_of) } else { None };
		Self { items: page, next }
	}

	/// The page with each item mapped by `f`, and the same cursor.
	pub fn map<Other>(self, f: impl FnMut(Item) -> Other) -> Page<Other, Cursor> {
		Page { items: self.items.into_iter().map(f).collect(), next: self.next }
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use alloc::vec;

	#[test]
	fn a_full_page_with_more_behind_it_names_its_last_item() {
		let page = Page::after(1..=10u32, 3, |item| *item);
		assert_eq!(page, Page { items: vec![1, 2, 3], next: Some(3) });
	}

	#[test]
	fn an_exactly_full_last_page_has_no_next() {
		let page = Page::after(1..=3u32, 3, |item| *item);
		assert_eq!(page, Page { items: vec![1, 2, 3], next: None });
	}

	#[test]
	fn a_short_page_and_an_empty_list_have_no_next() {
		assert_eq!(Page::after(1..=2u32, 3, |item| *item).next, None);
		assert_eq!(Page::after(core::iter::empty::<u32>(), 3, |item| *item).next, None);
	}

	#[test]
	fn a_zero_limit_reads_nothing_and_ends_the_list() {
		assert_eq!(Page::after(1..=3u32, 0, |item| *item), Page { items: vec![], next: None });
	}

	#[test]
	fn serializes_as_items_and_next() {
		let page: Page<u32, u64> = Page { items: vec![7], next: Some(9) };
		assert_eq!(
			serde_json::to_string(&page).expect("a page serializes"),
			r#"{"items":[7],"next":9}"#
		);
	}
}
