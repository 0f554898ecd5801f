//! The auction against a table of order books with their known outcome.

use super::*;
use crate::{auction, Order};
use sp_runtime::AccountId32;

/// A book of `(side, quantity, price)` in the order placed.
fn book(orders: &[(Side, u64, Balance)]) -> Vec<Order<AccountId32, Balance>> {
	orders
		.iter()
		.map(|&(side, quantity, price)| Order {
			meter: STRANGER,
			account: STRANGER,
			side,
			quantity,
			price,
			filled: 0,
			held: 0,
			deposit: 0,
		})
		.collect()
}

use Side::{Buy, Sell};

/// A book as the table writes it: `(side, quantity, price)` in the order placed.
type Book = Vec<(Side, u64, Balance)>;

#[test]
fn the_auction_clears_each_book_of_the_table_as_worked_out_by_hand() {
	// (book, clearing price, volume, fills in book order)
	let table: Vec<(Book, Balance, u64, Vec<u64>)> = vec![
		// One bid over one ask: the midpoint.
		(vec![(Buy, 100, 25), (Sell, 100, 15)], 20, 100, vec![100, 100]),
		// No crossing: the best bid is below the best ask.
		(vec![(Buy, 100, 12), (Sell, 100, 20)], 0, 0, vec![0, 0]),
		// One side empty.
		(vec![(Buy, 100, 25), (Buy, 50, 30)], 0, 0, vec![0, 0]),
		(vec![(Sell, 100, 15)], 0, 0, vec![0]),
		(vec![], 0, 0, vec![]),
		// A bid meets an ask at its very price.
		(vec![(Sell, 50, 17), (Buy, 50, 17)], 17, 50, vec![50, 50]),
		// Several steps; the marginal pair is (20, 18), the last ask does not cross.
		(
			vec![(Buy, 300, 28), (Buy, 200, 20), (Sell, 250, 12), (Sell, 200, 18), (Sell, 100, 25)],
			19,
			450,
			vec![300, 150, 250, 200, 0],
		),
		// Equal asks: the one placed first is matched first; the midpoint rounds down.
		(vec![(Sell, 80, 15), (Sell, 80, 15), (Buy, 100, 20)], 17, 100, vec![80, 20, 100]),
		// Equal bids likewise.
		(vec![(Buy, 60, 22), (Buy, 60, 22), (Sell, 100, 10)], 16, 100, vec![60, 40, 100]),
		// Price before time: a later, better bid goes first.
		(vec![(Buy, 60, 20), (Buy, 60, 24), (Sell, 60, 10)], 17, 60, vec![0, 60, 60]),
		// The neighbourhood of the settlement tests: three prosumers, two consumers.
		(
			vec![
				(Sell, 1000, 12),
				(Sell, 800, 15),
				(Sell, 500, 20),
				(Buy, 1200, 25),
				(Buy, 600, 18),
			],
			16,
			1800,
			vec![1000, 800, 0, 1200, 600],
		),
	];
	for (orders, price, volume, fills) in table {
		let outcome = auction::clear(&book(&orders));
		assert_eq!(
			outcome,
			auction::Outcome { price, volume, fills: fills.clone() },
			"the book {orders:?}"
		);
		// Every matched order trades within its limit, and as much is sold as bought.
		let book = book(&orders);
		let mut sold = 0;
		for (order, fill) in book.iter().zip(&outcome.fills) {
			if *fill > 0 {
				match order.side {
					Buy => assert!(order.price >= price),
					Sell => {
						assert!(order.price <= price);
						sold += fill;
					}
				}
			}
		}
		assert_eq!(sold, volume);
	}
}
